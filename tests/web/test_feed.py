"""The Atom feed of a filtered list and "Nyt i kataloget": what changed, dated by the load or
correction that changed it (issue 12, point 7)."""

import copy
import datetime
import importlib
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client

from imports import fixtures as fixture_files
from imports.loader import load
from initiatives import news
from initiatives.history import as_user
from initiatives.models import CatalogueChange, Initiative
from tests.admin_forms import change_form_data
from tests.builders import make_initiative, make_mention

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = "/initiatives/feed.atom"


def atom(response):
    """The feed's root element, after checking what RFC 4287 requires of a feed and its entries."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # well-formed, or this raises
    assert root.tag == f"{ATOM}feed"
    # 4.1.1: exactly one id, title and updated; an author unless every entry has one.
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert root.findtext(f"{ATOM}title").strip()
    assert_iri(root.findtext(f"{ATOM}id"))
    assert_date(root.findtext(f"{ATOM}updated"))
    feed_author = root.find(f"{ATOM}author")
    assert feed_author is None or feed_author.findtext(f"{ATOM}name").strip()
    self_links = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert len(self_links) == 1 and self_links[0].get("href").startswith("http")
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        # 4.1.2: exactly one id, title and updated; a rel="alternate" link (there is no content).
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.findtext(f"{ATOM}title").strip()
        assert_iri(entry.findtext(f"{ATOM}id"))
        assert_date(entry.findtext(f"{ATOM}updated"))
        alternate = [
            link
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        assert len(alternate) == 1 and alternate[0].get("href").startswith("http")
        assert feed_author is not None or entry.find(f"{ATOM}author") is not None
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    return root


def assert_iri(value):
    parsed = urlparse(value)
    assert parsed.scheme and (parsed.netloc or parsed.path), value


def assert_date(value):
    # RFC 3339: a date-time with a time-zone offset.
    assert datetime.datetime.fromisoformat(value).tzinfo is not None, value


def entries(root):
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "updated": datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def titles(root):
    return {entry["title"] for entry in entries(root)}


def test_the_feed_is_atom_with_every_element_rfc_4287_requires(client, catalogue):
    root = atom(client.get(FEED))
    assert titles(root) == {
        "Færre genindlæggelser af ældre",
        "Udgående psykiatrisk team",
        "Sundhedshus i Aarhus",
        "Rådgivning til familier",
    }
    assert root.findtext(f"{ATOM}title") == "Nyt i kataloget"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Tværsektorielt katalog"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "da"


def test_a_filtered_feed_holds_only_the_matching_initiatives(client, catalogue):
    root = atom(client.get(f"{FEED}?region=midtjylland"))
    assert titles(root) == {"Sundhedshus i Aarhus", "Rådgivning til familier"}
    assert root.findtext(f"{ATOM}title") == "Nyt i kataloget · Region Midtjylland"
    root = atom(client.get(f"{FEED}?region=hovedstaden&status=completed"))
    assert titles(root) == {"Udgående psykiatrisk team"}
    assert "Status: Afsluttet" in root.findtext(f"{ATOM}title")
    # The feed's alternate link is the same filtered list, its self link the feed itself.
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["alternate"].endswith("/initiatives/?region=hovedstaden&status=completed")
    assert links["self"].endswith("/initiatives/feed.atom?region=hovedstaden&status=completed")
    assert titles(atom(client.get(f"{FEED}?q=sundhedshus"))) == {"Sundhedshus i Aarhus"}


def test_an_unknown_filter_value_gives_an_empty_feed_that_names_it(client, catalogue):
    root = atom(client.get(f"{FEED}?region=atlantis"))
    assert entries(root) == []
    assert "region=atlantis" in root.findtext(f"{ATOM}subtitle")


def test_entries_are_newest_first_and_bounded(client, catalogue, monkeypatch):
    monkeypatch.setattr(news, "FEED_LIMIT", 2)
    newest = make_initiative("Nyeste samarbejde", regions=[catalogue.hovedstaden])
    make_mention(newest, catalogue.fu, locator="Tabel 9, række 1")
    found = entries(atom(client.get(FEED)))
    assert len(found) == 2
    assert found[0]["title"] == "Nyeste samarbejde"
    assert found[0]["updated"] >= found[1]["updated"]


def test_the_list_page_links_its_own_feed_in_the_page_and_in_the_head(client, catalogue):
    html = client.get("/initiatives/?region=midtjylland&page=1").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Ændringer i listen (Atom)" '
        'href="/initiatives/feed.atom?region=midtjylland">' in html
    )
    assert (
        '<a href="/initiatives/feed.atom?region=midtjylland" type="application/atom+xml">' in html
    )
    assert 'href="/news/"' in html


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_superuser("redaktoer", "r@example.dk", "pw")
    client = Client()
    client.force_login(user)
    return client


def test_an_initiative_corrected_in_the_admin_heads_the_feed_dated_by_the_correction(
    catalogue, editor
):
    # Unfiltered: the builders give mentions no regions, which an admin save derives anew.
    visitor = Client()
    before = entries(atom(visitor.get(FEED)))  # now cached
    assert before[0]["title"] != "Færre genindlæggelser af ældre (rettet)"
    initiative = catalogue.readmissions
    url = f"/admin/initiatives/initiative/{initiative.pk}/change/"
    data = change_form_data(editor.get(url), reason="Regionen rettede titlen")
    data["title"] = "Færre genindlæggelser af ældre (rettet)"
    assert editor.post(url, data).status_code == 302

    correction = CatalogueChange.objects.get()
    assert correction.kind == "correction" and correction.reason == "Regionen rettede titlen"
    assert correction.counts == {"initiative": {"~": 1}}
    first = entries(atom(visitor.get(FEED)))[0]
    assert first["title"] == "Færre genindlæggelser af ældre (rettet)"
    assert first["link"].endswith(initiative.get_absolute_url())
    assert first["updated"] == correction.when
    assert "Rettet af redaktionen" in first["summary"]
    # The reason is the editors' own: the public page says what changed, not why or who.
    page = visitor.get("/news/").content.decode()
    assert "Rettelse fra redaktionen" in page and "1 ændret initiativ" in page
    assert f'href="{initiative.get_absolute_url()}"' in page
    assert "Regionen rettede titlen" not in page and "redaktoer" not in page


def test_a_load_that_adds_an_initiative_shows_it_in_the_feed_and_on_the_news_page(
    client, loaded_catalogue
):
    data = fixture_files.read(fixture_files.FIXTURES_DIR)
    new = copy.deepcopy(
        next(i for i in data["initiatives.json"] if i["regions"] == ["hovedstaden"])
    )
    new["slug"] = "nyt-akutteam-til-test"
    new["title"] = "Nyt akutteam til test"
    for number, mention in enumerate(new["mentions"]):
        mention["locator"] = f"Tillæg, række {number + 1}"
        mention["title"] = mention["title_raw"] = new["title"]
    data["initiatives.json"].append(new)
    load(data=data)

    change = CatalogueChange.objects.first()
    assert change.kind == "load"
    assert change.count("initiative", "+") == 1
    assert change.count("mention", "+") == len(new["mentions"])
    first = entries(atom(client.get(f"{FEED}?region=hovedstaden")))[0]
    assert first["title"] == "Nyt akutteam til test"
    assert first["updated"] == change.when
    assert "fra en indlæsning af notaterne" in first["summary"]
    page = client.get("/news/").content.decode()
    assert "Indlæsning af notaterne" in page and "1 nyt initiativ" in page
    assert 'href="/initiatives/nyt-akutteam-til-test/">Nyt akutteam til test</a> (nyt)' in page


def test_a_load_that_changes_nothing_records_no_change(loaded_catalogue):
    count = CatalogueChange.objects.count()
    assert count >= 1  # the shared load itself
    assert load().changed == 0
    assert CatalogueChange.objects.count() == count


def test_a_change_counts_what_it_created_changed_and_deleted(catalogue):
    with as_user("redaktion", reason="Oprydning"):
        make_initiative("Helt nyt")
        catalogue.counselling.title = "Rådgivning til familier og børn"
        catalogue.counselling.save()
        catalogue.outreach.mentions.all().delete()
        catalogue.outreach.delete()
    change = CatalogueChange.objects.get()
    assert change.counts == {
        "initiative": {"+": 1, "~": 1, "-": 1},
        "mention": {"-": 1},
    }
    assert change.count_texts() == [
        "1 nyt initiativ",
        "1 ændret initiativ",
        "1 initiativ fjernet",
        "1 omtale fjernet",
    ]
    assert change.user.username == "redaktion" and change.kind == "correction"
    history_dates = set(Initiative.history.filter(history_change_reason="Oprydning").values_list(
        "history_date", flat=True))  # fmt: skip
    assert history_dates == {change.when}


def test_as_user_refuses_an_unknown_kind(db):
    with pytest.raises(ValueError, match="kind"), as_user("redaktion", reason="x", kind="import"):
        pass


def test_the_migration_turns_existing_history_into_changes(loaded_catalogue):
    loaded = CatalogueChange.objects.get()
    CatalogueChange.objects.all().delete()
    migration = importlib.import_module("initiatives.migrations.0012_catalogue_change")
    migration.changes_from_history(apps, None)
    rebuilt = CatalogueChange.objects.get()
    assert (rebuilt.when, rebuilt.kind, rebuilt.reason, rebuilt.counts) == (
        loaded.when,
        "load",
        loaded.reason,
        loaded.counts,
    )


def test_the_news_page_lists_the_latest_changes_with_links_and_counts(client, catalogue):
    with as_user("import", reason="load_catalogue: test", kind="load"):
        for number in range(news.LINKS_PER_CHANGE + 2):
            initiative = make_initiative(f"Indlæst {number:02}", regions=[catalogue.midtjylland])
            make_mention(initiative, catalogue.midt, locator=f"Tabel 5, række {number}")
    page = client.get("/news/").content.decode()
    assert "12 nye initiativer, 12 nye omtaler" in page
    assert "Indlæst 09" in page and "Indlæst 10" not in page  # the first ten by title
    assert "Viser de første 10 af 12 initiativer efter titel." in page
    assert '<link rel="alternate" type="application/atom+xml"' in page


def test_the_news_page_says_so_when_nothing_has_changed(client, db):
    response = client.get("/news/")
    assert response.status_code == 200
    assert "Kataloget er ikke ændret endnu." in response.content.decode()
