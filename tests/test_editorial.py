"""The editorial workflow as an editor uses it: through the admin, logged in as a "Redaktør".

Each test loads the bundled catalogue, makes a correction, a merge or a move through the admin
(or a command), then checks what the public site, the history and a later import make of it.
"""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from imports import fixtures
from imports.loader import load
from initiatives.history import as_user
from initiatives.models import (
    Initiative,
    InitiativeRedirect,
    Mention,
    Organisation,
    SourceDocument,
    Status,
)
from tests.admin_forms import change_form_data
from tests.builders import make_user

pytestmark = pytest.mark.django_db

SOURCE_2019 = "rh-notat-forretningsudvalget-2019"
SOURCE_2017 = "rh-sundhedskoordinationsudvalget-2017-05-19"
ADMIN = "/admin/initiatives"


@pytest.fixture
def editor(client):
    user = make_user("redaktoer", staff=True)
    user.groups.add(Group.objects.get(name="Redaktør"))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def catalogue():
    return load()


def initiative_of(source, locator):
    return Mention.objects.get(source__slug=source, locator=locator).initiative


def public_count(client):
    return client.get("/initiatives/").context["paginator"].count


def merge_through_admin(client, survivor, others, reason="Samme projekt i to notater"):
    ids = [survivor.pk, *(o.pk for o in others)]
    page = client.post(
        f"{ADMIN}/initiative/", {"action": "merge_initiatives", "_selected_action": ids}
    )
    assert page.status_code == 200, "the action shows its intermediate page"
    assert survivor.title in page.content.decode()
    return client.post(
        f"{ADMIN}/initiative/",
        {
            "action": "merge_initiatives",
            "_selected_action": ids,
            "post": "yes",
            "survivor": survivor.pk,
            "reason": reason,
        },
    )


def move_through_admin(client, mention, *, to=None, reason="Rækken er et andet projekt"):
    url = f"{ADMIN}/mention/move/?ids={mention.pk}"
    assert client.get(url).status_code == 200
    data = {"reason": reason, **({"target": to.pk} if to else {"new": "on"})}
    return client.post(url, data)


# 1. Slugs ---------------------------------------------------------------------------------------


def test_an_initiative_added_in_the_admin_gets_a_slug_and_every_page_answers(editor, catalogue):
    response = editor.post(
        f"{ADMIN}/initiative/add/",
        {
            "title": "Fælles genoptræning på Ærø",
            "description": "Genoptræning efter udskrivelse",
            "status": Status.objects.get(code="planned").pk,
            "funding_lines": "[]",
            "reason": "Et nyt projekt, som notatets række 7 beskriver",
            "mentions-TOTAL_FORMS": "0",
            "mentions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    added = Initiative.objects.get(title="Fælles genoptræning på Ærø")
    assert added.slug == "faelles-genoptraening-paa-aeroe"
    # Without a mention it is the editors' draft: no public page shows it.
    assert editor.get(added.get_absolute_url()).status_code == 404
    editor.logout()
    assert "Ærø" not in editor.get("/initiatives/?status=planned").content.decode()
    export = b"".join(editor.get("/initiatives/export.json").streaming_content)
    assert added.slug not in export.decode()

    editor.force_login(editor_user := make_user("anden", staff=True))
    editor_user.groups.add(Group.objects.get(name="Redaktør"))
    mention = Mention.objects.get(source__slug=SOURCE_2019, locator="Tabel 1, række 7")
    assert move_through_admin(editor, mention, to=added).status_code == 302
    editor.logout()
    pages = public_count(editor) // 20 + 1
    urls = [f"/initiatives/?page={n}" for n in range(1, pages + 1)]
    urls += [
        "/",
        "/initiatives/?status=planned",
        "/initiatives/?q=genoptræning",
        "/initiatives/?sort=-date",
        "/initiatives/export.csv",
        "/initiatives/export.json",
        "/initiatives/export.xlsx",
        added.get_absolute_url(),
        f"/sources/{SOURCE_2019}/",
        "/organisations/",
        "/regions/hovedstaden/",
    ]
    for url in urls:
        assert editor.get(url).status_code == 200, url
    assert "Fælles genoptræning på Ærø" in editor.get("/initiatives/?q=Ærø").content.decode()
    assert added.title in editor.get(f"/sources/{SOURCE_2019}/").content.decode()


def test_an_organisation_added_in_the_admin_gets_a_slug_and_its_page_answers(editor, catalogue):
    response = editor.post(
        f"{ADMIN}/organisation/add/",
        {
            "name": "Sundhedshus Køge Ø",
            "kind": "other",
            "aliases": "[]",
            "reason": "Nævnt i en ny aftale",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation = Organisation.objects.get(name="Sundhedshus Køge Ø")
    assert organisation.slug == "sundhedshus-koege-oe"
    assert editor.get(organisation.get_absolute_url()).status_code == 200
    assert editor.get("/organisations/?all=1").status_code == 200


def test_slugs_made_in_save_are_unique_and_never_an_old_merged_slug(db):
    status = Status.objects.create(code="ongoing", label="Igangværende")
    first = Initiative.objects.create(title="Åben dialog", status=status)
    second = Initiative.objects.create(title="Åben dialog", status=status)
    assert (first.slug, second.slug) == ("aaben-dialog", "aaben-dialog-2")
    InitiativeRedirect.objects.create(old_slug="aaben-dialog-3", initiative=first)
    assert Initiative.objects.create(title="Åben dialog", status=status).slug == "aaben-dialog-4"
    assert Initiative.objects.create(title="!!!", status=status).slug == "initiativ"


# 2. Corrections with a reason, and the history ---------------------------------------------------


def test_a_correction_without_a_reason_shows_an_error_and_saves_nothing(editor, catalogue):
    initiative = Initiative.objects.get(slug="tvaersektoriel-stuegang")
    url = f"{ADMIN}/initiative/{initiative.pk}/change/"
    data = change_form_data(editor.get(url), reason="  ")
    data["title"] = "Uden begrundelse"
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "Skriv en begrundelse for rettelsen." in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.title == "Tværsektoriel Stuegang"
    assert initiative.history.count() == 1  # only the import's "created"


def test_a_correction_shows_who_when_why_and_old_and_new_values_in_the_history(editor, catalogue):
    initiative = Initiative.objects.get(slug="tvaersektoriel-stuegang")
    url = f"{ADMIN}/initiative/{initiative.pk}/change/"
    data = change_form_data(editor.get(url), reason="Regionen bekræftede titlen i mail")
    data["title"] = "Tværsektoriel stuegang i Planområde Nord"
    data["partners"] = [*data["partners"], Organisation.objects.get(slug="gribskov-kommune").pk]
    assert editor.post(url, data).status_code == 302

    initiative.refresh_from_db()
    assert initiative.corrected_fields == ["partners", "title"]
    newest = initiative.history.first()
    assert (newest.history_user.username, newest.history_change_reason) == (
        "redaktoer",
        "Regionen bekræftede titlen i mail",
    )
    assert initiative.history.count() == 2, "one correction is one history row"
    page = editor.get(f"{ADMIN}/initiative/{initiative.pk}/history/").content.decode()
    assert "redaktoer" in page and "Regionen bekræftede titlen i mail" in page
    assert "Tværsektoriel stuegang i Planområde Nord" in page  # new
    assert '<td class="old">Tværsektoriel Stuegang</td>' in page  # old
    assert "Gribskov Kommune" in page
    assert "import" in page and "load_catalogue: fixtures/" in page  # the import's own row


def test_the_change_log_filters_by_user_date_and_kind(editor, catalogue):
    mention = Mention.objects.get(source__slug=SOURCE_2019, locator="Tabel 1, række 4")
    url = f"{ADMIN}/mention/{mention.pk}/change/"
    data = change_form_data(editor.get(url), reason="Status rettet efter opringning")
    data["status"] = Status.objects.get(code="operation").pk
    assert editor.post(url, data).status_code == 302

    everything = editor.get("/admin/changes/").context["page"].paginator.count
    by_editor = editor.get("/admin/changes/?user=redaktoer")
    rows = list(by_editor.context["page"])
    # The correction and the initiative it settles, in one save (their order within the same
    # instant is the database's).
    assert sorted(r["object_kind"] for r in rows) == ["initiative", "mention"]
    assert {r["history_change_reason"] for r in rows} == {"Status rettet efter opringning"}
    assert "Status rettet efter opringning" in by_editor.content.decode()
    kinds = editor.get("/admin/changes/?kind=organisation").context["page"]
    assert {r["object_kind"] for r in kinds} == {"organisation"}
    assert editor.get("/admin/changes/?date_to=2000-01-01").context["page"].paginator.count == 0
    assert everything > len(rows)
    editor.logout()
    assert editor.get("/admin/changes/").status_code == 302  # to the login page


def test_imports_write_history_as_import_and_a_noop_reimport_writes_nothing(catalogue):
    histories = (Initiative.history, Mention.history, Organisation.history)
    counts = [h.count() for h in histories]
    assert all(counts)
    first = Initiative.history.order_by("history_date").first()
    assert first.history_user.username == "import"
    assert first.history_user.has_usable_password() is False
    assert first.history_change_reason.startswith("load_catalogue: fixtures/ (")
    assert SOURCE_2019 in first.history_change_reason

    assert load().changed == 0
    assert [h.count() for h in histories] == counts


# 3. Merge and split ---------------------------------------------------------------------------


def test_a_merge_redirects_drops_the_count_survives_a_reimport_and_settles(editor, catalogue):
    survivor = initiative_of(SOURCE_2019, "Tabel 2, række 11")
    other = initiative_of(SOURCE_2019, "Tabel 2, række 12")
    old_url = other.get_absolute_url()
    mentions = {m.pk for m in (*survivor.mentions.all(), *other.mentions.all())}
    before = public_count(editor)

    response = merge_through_admin(editor, survivor, [other])
    assert response.status_code == 302
    assert response.url == f"{ADMIN}/initiative/{survivor.pk}/change/"
    assert not Initiative.objects.filter(pk=other.pk).exists()
    assert {m.pk for m in survivor.mentions.all()} == mentions
    redirect = editor.get(old_url)
    assert (redirect.status_code, redirect.url) == (301, survivor.get_absolute_url())
    assert public_count(editor) == before - 1

    first = load()
    assert not Initiative.objects.filter(slug=other.slug).exists()
    assert {m.pk for m in Initiative.objects.get(pk=survivor.pk).mentions.all()} == mentions
    assert editor.get(old_url).status_code == 301
    assert load().changed == 0, first.summary()
    history = Initiative.history.filter(id=other.pk).first()
    assert history.history_type == "-" and history.history_user.username == "redaktoer"


def test_merging_an_initiative_with_itself_is_refused(editor, catalogue):
    initiative = Initiative.objects.get(slug="tvaersektoriel-stuegang")
    response = editor.post(
        f"{ADMIN}/initiative/",
        {"action": "merge_initiatives", "_selected_action": [initiative.pk]},
        follow=True,
    )
    assert "Vælg mindst to at lægge sammen." in response.content.decode()
    with pytest.raises(CommandError, match="sig selv"):
        call_command("merge_initiatives", initiative.slug, initiative.slug, reason="test")
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("merge_initiatives", initiative.slug, "ukendt-slug", reason="test")


def test_a_split_through_the_admin_survives_a_reimport_and_can_be_moved_back(editor, catalogue):
    stuegang = Initiative.objects.get(slug="tvaersektoriel-stuegang")
    mention = stuegang.mentions.get(source__slug=SOURCE_2017)
    assert move_through_admin(editor, mention).status_code == 302
    mention.refresh_from_db()
    split = mention.initiative
    assert split.pk != stuegang.pk and split.slug.startswith("tvaersektoriel-stuegang")
    assert editor.get(split.get_absolute_url()).status_code == 200
    assert stuegang.mentions.count() == 1
    assert split.status.code == mention.status.code  # derived from its own mention

    load()
    mention.refresh_from_db()
    assert mention.initiative_id == split.pk
    assert load().changed == 0

    # Split back: the emptied initiative's URL then leads to where its mention went.
    assert move_through_admin(editor, mention, to=stuegang).status_code == 302
    assert stuegang.mentions.count() == 2
    assert editor.get(split.get_absolute_url()).url == stuegang.get_absolute_url()
    load()
    assert load().changed == 0
    assert Initiative.objects.get(pk=stuegang.pk).mentions.count() == 2


def test_moving_a_mention_in_its_change_form_never_leaves_an_empty_public_initiative(
    editor, catalogue
):
    mention = Mention.objects.get(source__slug=SOURCE_2019, locator="Tabel 1, række 4")
    emptied = mention.initiative
    target = Initiative.objects.get(slug="tvaersektoriel-stuegang")
    url = f"{ADMIN}/mention/{mention.pk}/change/"
    data = change_form_data(editor.get(url), reason="Rækken hører til stuegang")
    data["initiative"] = target.pk
    assert editor.post(url, data).status_code == 302
    assert not Initiative.objects.filter(pk=emptied.pk).exists()
    assert editor.get(emptied.get_absolute_url()).status_code == 301
    assert Initiative.objects.public().count() == Initiative.objects.count()
    load()
    assert load().changed == 0
    assert Mention.objects.get(pk=mention.pk).initiative_id == target.pk


def test_move_mention_command_moves_splits_and_refuses_bad_input(catalogue):
    stuegang = Initiative.objects.get(slug="tvaersektoriel-stuegang")
    call_command("move_mention", SOURCE_2017, "Punkt 5, projekt 1", "--new", reason="To projekter")
    split = Mention.objects.get(source__slug=SOURCE_2017, locator="Punkt 5, projekt 1").initiative
    assert split.pk != stuegang.pk
    assert split.history.first().history_user.username == "redaktion"
    call_command(
        "move_mention",
        SOURCE_2017,
        "Punkt 5, projekt 1",
        to=stuegang.slug,
        reason="Alligevel ét projekt",
        user="kirsten",
    )
    assert stuegang.mentions.count() == 2
    with pytest.raises(CommandError, match="findes ikke i kilden"):
        call_command("move_mention", SOURCE_2017, "Punkt 9", to=stuegang.slug, reason="x")
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("move_mention", SOURCE_2017, "Punkt 5, projekt 1", to="nope", reason="x")
    with pytest.raises(CommandError, match="allerede"):
        call_command(
            "move_mention", SOURCE_2017, "Punkt 5, projekt 1", to=stuegang.slug, reason="x"
        )
    with pytest.raises(CommandError):
        call_command("move_mention", SOURCE_2017, "Punkt 5, projekt 1", reason="x")


def test_merge_initiatives_command_merges_and_redirects(client, catalogue):
    a = initiative_of(SOURCE_2019, "Tabel 2, række 13")
    b = initiative_of(SOURCE_2019, "Tabel 2, række 14")
    call_command("merge_initiatives", a.slug, b.slug, reason="Samme projekt", user="kirsten")
    assert client.get(f"/initiatives/{b.slug}/").url == a.get_absolute_url()
    assert Initiative.history.filter(id=b.pk).first().history_change_reason == "Samme projekt"
    assert load().changed == 0


# Organisations ----------------------------------------------------------------------------------


def test_an_organisation_merge_moves_links_and_a_reimport_resolves_the_old_name(editor, catalogue):
    # Two of the notes' groups that name the same thing: "Udvalgte kommuner" and "Tre udvalgte
    # kommuner" of Region Hovedstaden (a note's organisation, so a re-import would make it again).
    survivor = Organisation.objects.get(slug="udvalgte-kommuner-region-hovedstaden")
    other = Organisation.objects.get(slug="tre-udvalgte-kommuner-region-hovedstaden")
    linked = set(other.initiatives.values_list("pk", flat=True))
    assert linked
    ids = [survivor.pk, other.pk]
    page = editor.post(
        f"{ADMIN}/organisation/", {"action": "merge_organisations", "_selected_action": ids}
    )
    assert page.status_code == 200
    response = editor.post(
        f"{ADMIN}/organisation/",
        {
            "action": "merge_organisations",
            "_selected_action": ids,
            "post": "yes",
            "survivor": survivor.pk,
            "reason": "To navne for de samme udvalgte kommuner",
        },
    )
    assert response.status_code == 302
    survivor.refresh_from_db()
    assert "Tre udvalgte kommuner (Region Hovedstaden)" in survivor.aliases
    assert linked <= set(survivor.initiatives.values_list("pk", flat=True))
    assert editor.get(f"/organisations/{other.slug}/").url == survivor.get_absolute_url()

    load()
    assert not Organisation.objects.filter(slug=other.slug).exists()
    assert linked <= set(survivor.initiatives.values_list("pk", flat=True))
    assert load().changed == 0

    # A note naming the old name under another slug resolves to the survivor too.
    data = fixtures.read()
    row = next(r for r in data["organisations.json"] if r["slug"] == other.slug)
    row["slug"] = "tre-udvalgte-kommuner-rh"
    for initiative in data["initiatives.json"]:
        for mention in initiative["mentions"]:
            mention["partners"] = [
                "tre-udvalgte-kommuner-rh" if p == other.slug else p for p in mention["partners"]
            ]
    load(data=data)
    assert not Organisation.objects.filter(slug="tre-udvalgte-kommuner-rh").exists()
    assert linked <= set(survivor.initiatives.values_list("pk", flat=True))


# 4. The review queue ----------------------------------------------------------------------------


def test_warnings_are_resolved_with_a_note_and_stay_resolved_after_a_reimport(editor, catalogue):
    source = SourceDocument.objects.get(slug=SOURCE_2019)
    listing = editor.get(f"{ADMIN}/importwarning/")
    open_count = listing.context["cl"].result_count
    assert open_count == len(fixtures.read()["warnings.json"])  # every import warning is open
    warning = source.warnings.order_by("line").first()
    url = f"{ADMIN}/importwarning/{warning.pk}/change/"
    refused = editor.post(url, {"resolved": "on", "resolution_note": ""})
    assert "skal have en note eller et link" in refused.content.decode()
    response = editor.post(url, {"resolved": "on", "resolution_note": "Navnet er korrekt"})
    assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.resolved_by.username == "redaktoer" and warning.resolved_at

    assert editor.get(f"{ADMIN}/importwarning/").context["cl"].result_count == open_count - 1
    resolved = editor.get(f"{ADMIN}/importwarning/?state=resolved")
    assert [w.pk for w in resolved.context["cl"].result_list] == [warning.pk]
    page = editor.get(source.get_absolute_url())
    assert len(page.context["warnings"]) == source.warnings.count() - 1
    assert "Åbne importadvarsler" in page.content.decode()

    load()
    warning.refresh_from_db()
    assert warning.resolution_note == "Navnet er korrekt" and warning.resolved_at


def test_a_warning_can_be_linked_to_the_correction_that_settled_it(editor, catalogue):
    warning = SourceDocument.objects.get(slug=SOURCE_2019).warnings.order_by("line").first()
    initiative = Initiative.objects.get(slug="tvaersektoriel-stuegang")
    url = f"{ADMIN}/importwarning/{warning.pk}/change/"
    assert editor.post(url, {"resolved": "on", "initiative": initiative.pk}).status_code == 302
    warning.refresh_from_db()
    assert warning.initiative == initiative and not warning.is_open


def test_a_source_value_changed_beneath_a_correction_is_a_conflict_and_nothing_is_overwritten(
    editor, catalogue
):
    initiative = Initiative.objects.get(slug="tvaersektoriel-stuegang")
    url = f"{ADMIN}/initiative/{initiative.pk}/change/"
    data = change_form_data(editor.get(url), reason="Rettet titel")
    data["title"] = "Stuegang i Nordsjælland"
    assert editor.post(url, data).status_code == 302

    data = fixtures.read()
    row = next(r for r in data["initiatives.json"] if r["slug"] == initiative.slug)
    newest = next(m for m in row["mentions"] if m["source"] == SOURCE_2019)
    newest["title"] = "Tværsektoriel stuegang (ny titel i notatet)"
    load(data=data)
    initiative.refresh_from_db()
    assert initiative.title == "Stuegang i Nordsjælland"
    conflict = initiative.warnings.get(kind="conflict")
    assert "Tværsektoriel stuegang (ny titel i notatet)" in conflict.message
    assert "før »Tværsektoriel Stuegang«" in conflict.message and "bevaret" in conflict.message
    assert conflict.source.slug == SOURCE_2019
    assert load(data=data).changed == 0, "the same source value is no new conflict"
    assert initiative.warnings.filter(kind="conflict").count() == 1


# 5. Permissions ---------------------------------------------------------------------------------


def test_an_editor_may_correct_and_resolve_and_nothing_else(editor, catalogue):
    initiative = Initiative.objects.first()
    for url in (
        f"{ADMIN}/initiative/",
        f"{ADMIN}/initiative/{initiative.pk}/change/",
        f"{ADMIN}/initiative/add/",
        f"{ADMIN}/mention/",
        f"{ADMIN}/organisation/",
        f"{ADMIN}/importwarning/",
        "/admin/changes/",
    ):
        assert editor.get(url).status_code == 200, url
    for url in (
        f"{ADMIN}/region/",
        f"{ADMIN}/cluster/",
        f"{ADMIN}/status/",
        f"{ADMIN}/targetgroup/",
        "/admin/auth/user/",
        "/admin/auth/group/",
        f"{ADMIN}/initiative/{initiative.pk}/delete/",
        f"{ADMIN}/sourcedocument/add/",
    ):
        assert editor.get(url).status_code == 403, url
    assert editor.post("/initiatives/", {"title": "x"}).status_code == 405  # public: read-only
    assert "/admin/changes/" in editor.get("/admin/").content.decode()


# 6. The public page ---------------------------------------------------------------------------


def test_a_corrected_field_says_so_with_the_sources_own_text_one_click_away(editor, catalogue):
    initiative = Initiative.objects.get(slug="tvaersektoriel-stuegang")
    url = f"{ADMIN}/initiative/{initiative.pk}/change/"
    data = change_form_data(editor.get(url), reason="Rettet titel")
    data["title"] = "Stuegang i Nordsjælland"
    data["status"] = Status.objects.get(code="completed").pk
    assert editor.post(url, data).status_code == 302
    editor.logout()
    page = editor.get(initiative.get_absolute_url()).content.decode()
    assert page.count("Rettet af redaktionen") == 2
    assert "<summary>Rettet af redaktionen " in page
    assert "Kildens egen tekst: »Tværsektoriel Stuegang«" in page
    assert "Kildens egen tekst: »Igangværende«" in page
    export = json.loads(b"".join(editor.get("/initiatives/export.json").streaming_content))
    row = next(i for i in export["initiatives"] if i["slug"] == initiative.slug)
    assert row["title"] == "Stuegang i Nordsjælland"


def test_code_outside_the_admin_attributes_its_changes_with_as_user(catalogue):
    initiative = Initiative.objects.get(slug="tvaersektoriel-stuegang")
    with as_user("upload", reason="Notat indlæst i administrationen"):
        initiative.description = "Ny beskrivelse"
        initiative.save()
        initiative.save()
        initiative.partners.clear()
    assert initiative.history.count() == 2, "one row per object per block"
    newest = initiative.history.first()
    assert newest.history_user.username == "upload"
    assert newest.history_change_reason == "Notat indlæst i administrationen"
    assert newest.description == "Ny beskrivelse" and newest.partners.count() == 0
    with as_user("upload", reason="Intet ændret"):
        initiative.save()
    assert initiative.history.count() == 2, "nothing changed, nothing written"
    with pytest.raises(ValueError), as_user("upload", reason=" "):
        pass
    load(user="upload", reason="Indlæst fra administrationen")
    assert initiative.history.first().history_user.username == "upload"
