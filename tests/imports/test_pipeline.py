"""The pipeline end to end: fixtures, loading, corrections, linking across notes."""

import pytest
from django.core.management import call_command
from django.db.models import F

from imports import fixtures
from imports.loader import load
from imports.manifest import load_manifest
from imports.pipeline import build_catalogue
from initiatives.models import (
    Cluster,
    Initiative,
    Mention,
    Organisation,
    Region,
    SourceDocument,
    Status,
    TargetGroup,
)


@pytest.fixture(scope="module")
def catalogue():
    return build_catalogue([(meta, None) for meta in load_manifest()])


def mentions_of(catalogue, source_prefix):
    slugs = {m.slug for m in load_manifest() if m.file.startswith(source_prefix)}
    return [m for i in catalogue.initiatives for m in i.mentions if m.source in slugs]


def initiative_with(catalogue, source_prefix, locator):
    slugs = {m.slug for m in load_manifest() if m.file.startswith(source_prefix)}
    for initiative in catalogue.initiatives:
        for mention in initiative.mentions:
            if mention.source in slugs and mention.locator == locator:
                return initiative
    raise AssertionError(f"no mention {source_prefix} {locator}")


def test_fixtures_are_byte_identical_across_two_runs(catalogue):
    again = build_catalogue([(meta, None) for meta in load_manifest()])
    assert fixtures.render(again) == fixtures.render(catalogue)


def test_the_committed_fixtures_are_current(catalogue):
    assert fixtures.stale_files(fixtures.render(catalogue)) == []


@pytest.mark.parametrize(
    ("prefix", "count"), [("000_", 60), ("001_", 16), ("002_", 13), ("004_", 7)]
)
def test_each_note_gives_its_exact_number_of_mentions(catalogue, prefix, count):
    assert len(mentions_of(catalogue, prefix)) == count


def test_a_note_never_has_two_mentions_in_one_initiative(catalogue):
    for initiative in catalogue.initiatives:
        sources = [m.source for m in initiative.mentions]
        assert len(sources) == len(set(sources)), initiative.slug


@pytest.mark.parametrize(
    ("locator_2019", "locator_2017"),
    [
        ("Tabel 2, række 6", "Punkt 5, projekt 1"),  # Tværsektoriel Stuegang
        ("Tabel 1, række 8", "Punkt 5, projekt 3"),  # Tværasektoriel neurorehabilitering
        ("Tabel 2, række 3", "Punkt 5, projekt 4"),  # Tidlig opsporing af børn og unge
    ],
)
def test_the_2017_model_projects_reappearing_in_2019_are_one_initiative(
    catalogue, locator_2019, locator_2017
):
    initiative = initiative_with(catalogue, "000_", locator_2019)
    assert initiative is initiative_with(catalogue, "003_", locator_2017)
    assert [m.status_as_of.isoformat() for m in initiative.mentions] == ["2017-05-19", "2019-04-30"]


def test_look_alikes_in_other_regions_stay_apart(catalogue):
    half_way = initiative_with(catalogue, "000_", "Tabel 1, række 4")
    halfway_house = next(
        i for i in catalogue.initiatives if any(m.title == "Halfway House" for m in i.mentions)
    )
    assert half_way is not halfway_house
    wound_care = initiative_with(catalogue, "000_", "Tabel 1, række 3")
    assert all(m.source.startswith("rh-") for m in wound_care.mentions)


@pytest.mark.django_db
def test_load_catalogue_on_an_empty_database_loads_reference_data_and_catalogue():
    call_command("load_catalogue", verbosity=0)
    assert Region.objects.count() == 5
    assert Status.objects.count() == 7
    assert 12 <= TargetGroup.objects.count() <= 20
    assert Organisation.objects.filter(kind="municipality", is_group=False).count() == 98
    assert Cluster.objects.count() == 22
    assert SourceDocument.objects.count() == 5
    assert Mention.objects.count() == sum(
        len(i["mentions"]) for i in fixtures.read()["initiatives.json"]
    )
    # Each mention knows the note's lines it was read from, first to last.
    egedal = Mention.objects.get(locator__endswith="etableret akutteams«, Egedal")
    assert (egedal.line, egedal.line_end) == (2863, 2866)
    assert not Mention.objects.filter(line_end__lt=F("line")).exists()
    assert not Mention.objects.filter(line_end__isnull=True).exists()


@pytest.mark.django_db
def test_every_kommune_maps_to_exactly_one_of_the_five_regions():
    call_command("load_catalogue", verbosity=0)
    kommuner = Organisation.objects.filter(kind="municipality", is_group=False)
    assert kommuner.count() == 98
    assert not kommuner.filter(region__isnull=True).exists()
    per_region = {r.slug: r.organisations.filter(kind="municipality", is_group=False).count()
                  for r in Region.objects.all()}  # fmt: skip
    assert per_region == {
        "hovedstaden": 29, "sjaelland": 17, "syddanmark": 22, "midtjylland": 19, "nordjylland": 11,
    }  # fmt: skip


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list(*fields))
        for model, fields in (
            (Initiative, ("slug", "title", "status__code", "last_reported", "corrected_fields")),
            (Mention, ("source__slug", "locator", "initiative__slug", "title", "status__code")),
            (Organisation, ("slug", "name", "kind", "parent__slug")),
        )
    } | {"partners": sorted(Initiative.partners.through.objects.values_list(
        "initiative__slug", "organisation__slug")),
         "models": sorted(Initiative.models.through.objects.values_list(
        "initiative__slug", "collaborationmodel__slug"))}  # fmt: skip


@pytest.mark.django_db
def test_loading_twice_leaves_the_database_unchanged():
    first = load()
    before = snapshot()
    second = load()
    assert first.changed > 0
    assert second.changed == 0
    assert snapshot() == before


@pytest.mark.django_db
def test_a_reimport_never_undoes_an_admin_correction():
    load()
    initiative = Initiative.objects.get(slug=Initiative.objects.order_by("slug")[0].slug)
    original_partners = set(initiative.partners.values_list("pk", flat=True))
    initiative.title = "Rettet titel"
    initiative.mark_corrected("title", "partners")
    initiative.save()
    initiative.partners.clear()
    load()
    initiative.refresh_from_db()
    assert initiative.title == "Rettet titel"
    assert initiative.partners.count() == 0
    assert original_partners  # the correction really removed something the import had set
