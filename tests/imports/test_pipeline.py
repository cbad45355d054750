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
def catalogue(bundled_catalogue):
    return bundled_catalogue


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
    ("prefix", "count"), [("000_", 60), ("001_", 16), ("002_", 13), ("003_", 121), ("004_", 7)]
)
def test_each_note_gives_its_exact_number_of_mentions(catalogue, prefix, count):
    assert len(mentions_of(catalogue, prefix)) == count


def test_a_note_has_two_mentions_in_one_initiative_only_for_one_series_over_the_years(
    catalogue,
):
    for initiative in catalogue.initiatives:
        sources = [m.source for m in initiative.mentions]
        if len(sources) == len(set(sources)):
            continue
        series = {m.extra.get("series") for m in initiative.mentions}
        years = [m.extra.get("year") for m in initiative.mentions]
        assert len(series) == 1 and None not in series, initiative.slug
        assert len(years) == len(set(years)), initiative.slug


@pytest.mark.parametrize(
    ("locators", "title"),
    [
        # "Gribskov Kommune har Fremskudt Visitation" (2014), "Fremskudt visitation fortsætter"
        # (2015), "fortsat fremskudt visitation på Hillerød Hospital" (2016).
        (
            [
                "Punkt 4, bilag 2, Gribskov, 2014",
                "Punkt 4, bilag 2, Gribskov, 2015",
                "Punkt 4, bilag 1, Gribskov, 2016",
            ],
            "Nye indsatser for hjemtagning i Gribskov Kommune 2014–2016",
        ),
        # "Ovenstående træningsindsats planlægges videreført" (2015).
        (
            ["Punkt 4, bilag 2, Albertslund, 2014", "Punkt 4, bilag 2, Albertslund, 2015"],
            "Nye indsatser for hjemtagning i Albertslund Kommune 2014–2015",
        ),
    ],
)
def test_a_kommune_block_continuing_an_earlier_years_initiative_is_one_initiative(
    catalogue, locators, title
):
    initiative = initiative_with(catalogue, "003_", locators[0])
    assert [m.locator for m in initiative.mentions] == locators
    assert initiative.title == title


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        (
            "Punkt 4, bilag 2, Gribskov, 2015",
            "Punkt 4, bilag 1, Gribskov, 2017",
        ),  # no word says it goes on
        (
            "Punkt 4, bilag 2, Frederiksberg, 2014",
            "Punkt 4, bilag 1, Brøndby, 2016",
        ),  # another kommune
        (
            "Punkt 4, bilag 2, Allerød, 2014",
            "Punkt 4, bilag 2, Allerød, 2015",
        ),  # two years, nothing continued
    ],
)
def test_blocks_that_do_not_continue_each_other_stay_apart(catalogue, earlier, later):
    assert initiative_with(catalogue, "003_", earlier) is not initiative_with(
        catalogue, "003_", later
    )


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
    kommuner = Organisation.objects.filter(kind="municipality", is_group=False).exclude(code="")
    assert kommuner.count() == 98
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


def test_every_kommune_maps_to_exactly_one_of_the_five_regions(loaded_catalogue):
    # The 98 kommuner have a kommunekode; a kommune's own units (kind municipality) have none.
    kommuner = Organisation.objects.filter(kind="municipality", is_group=False).exclude(code="")
    assert kommuner.count() == 98
    assert not kommuner.filter(region__isnull=True).exists()
    per_region = {r.slug: kommuner.filter(region=r).count()
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


def test_loading_again_leaves_the_database_unchanged(loaded_catalogue):
    # The shared load was the first (tests/catalogue_db.py); this is the second.
    assert Initiative.objects.exists()
    before = snapshot()
    again = load()
    assert again.changed == 0
    assert snapshot() == before


def test_a_reimport_never_undoes_an_admin_correction(loaded_catalogue):
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
