"""Note 003's bilag 2 (kommune-year rows with an expected effect) and parts left unread."""

from functools import cache
from pathlib import Path

import pytest
from django.utils.html import escape

from imports.readers.agenda import read
from imports.readers.agenda.year_rows import split_columns
from initiatives.models import Mention

NOTE = Path(__file__).resolve().parents[2] / "imports" / "sources" / "003_0bdb4665ffab3184.txt"
SKU = "rh-sundhedskoordinationsudvalget-2017-05-19"


@cache
def rows():
    result = read(NOTE.read_text(encoding="utf-8"), file=NOTE.name)
    return {row.locator: row for row in result.rows if row.locator.startswith("Punkt 4, bilag 2, ")}


def test_bilag_2_gives_a_row_per_kommune_and_year_with_initiatives():
    assert len(rows()) == 53
    kommuner = {row.kommune for row in rows().values()}
    # Every kommune of Region Hovedstaden but Fredensborg ("Ingen nye indsatser" both years).
    assert len(kommuner) == 28 and "Fredensborg" not in kommuner
    assert {row.year for row in rows().values()} == {2014, 2015}


def test_a_bilag_2_row_keeps_its_initiatives_and_its_expected_effect_apart():
    row = rows()["Punkt 4, bilag 2, Albertslund, 2014"]
    assert row.description == (
        "Der er igangsat en styrket træningsindsats efter udskrivelse fra sygehus, hvor "
        "borgeren modtager ergoterapi og fysioterapi i eget hjem med henblik på hurtigt at "
        "genvinde tabte færdigheder og dermed undgå genindlæggelser."
    )
    assert row.effect_goal == (
        "At den øgede træningsindsats medfører færre genindlæggelser og færre færdigmeldte "
        "borger på hospitalet (denne effekt registreres allerede)."
    )
    assert (row.line, row.line_end) == (2923, 2929)
    assert (
        row.title == "Nye indsatser for hjemtagning af færdigbehandlede i Albertslund Kommune 2014"
    )
    assert (row.status, row.agenda_item, row.series) == (
        "2014: igangsat",
        4,
        "hjemtagning Albertslund",
    )


def test_the_effect_goal_is_kept_on_the_mention(bundled_mentions):
    mention = bundled_mentions[(SKU, "Punkt 4, bilag 2, Gribskov, 2014")]
    assert mention.effect_goal.startswith("Gribskov har siden indførelsen af fremskudt visitation")
    assert "Yderligere fald i ventedage" in mention.effect_goal
    assert "Fremskudt Visitation" in mention.description


def test_numbered_lists_in_both_columns_stay_in_their_column():
    row = rows()["Punkt 4, bilag 2, Ballerup, 2014"]
    assert row.description.split("\n")[1:] == [
        "Visitationen overtager koordinering af forløbene på kommunens korttids-og "
        "genoptræningspladser",
        "Arbejdsgruppe arbejder med forebyggelige (gen)indlæggelser, herunder eventuel "
        "manglende rettidig omhu hos pleje-personale.",
    ]
    assert row.effect_goal.split("\n") == [
        "Lavere søgning til plejeboligerne",
        "Sikre flow i forløbene og undgå spilddage",
        "Optimering af arbejdsprocedure",
    ]


def test_a_line_shared_by_the_two_columns_is_split_at_its_sentence_end():
    # Line 2969: " Daglig opfølgning i visitationen af venteborgere. hjemtage borgere, der …"
    row = rows()["Punkt 4, bilag 2, Allerød, 2015"]
    assert row.description.endswith("Daglig opfølgning i visitationen af venteborgere.")
    assert row.effect_goal.endswith(
        "er det ikke altid muligt at hjemtage borgere, der ikke kan passes i eget hjem rettidigt."
    )


def test_the_text_column_going_on_after_the_effect_is_joined_again():
    # Gentofte 2014: the effect column stands between "… træningsteam, hvis" and
    # "hovedopgave er at levere hverdagsrehabilitering …" (a page break).
    row = rows()["Punkt 4, bilag 2, Gentofte, 2014"]
    assert "træningsteam, hvis hovedopgave er at levere hverdagsrehabilitering" in row.description
    assert row.effect_goal.startswith("Tværgående træningsteam: Indsatsen har en virkning")


@pytest.mark.parametrize(
    ("locator", "starts"),
    [
        # The kommune stands on a line of its own above the year.
        ("Punkt 4, bilag 2, Frederikssund, 2015", "Etablering af kommunal rehabiliteringsafdeling"),
        # The name wraps at its hyphen ("Lyngby-" / "Taarbæk") above the year.
        ("Punkt 4, bilag 2, Lyngby-Taarbæk, 2015", "Kommunen råder over et antal midlertidige"),
    ],
)
def test_a_row_whose_kommune_and_year_stand_apart_is_read(locator, starts):
    assert rows()[locator].description.startswith(starts)


@pytest.mark.parametrize(
    "locator",
    [
        "Punkt 4, bilag 2, Ishøj, 2015",  # "Do Do": ditto, nothing new
        "Punkt 4, bilag 2, Gladsaxe, 2015",  # empty
        "Punkt 4, bilag 2, Lyngby-Taarbæk, 2014",  # empty
        "Punkt 4, bilag 2, Fredensborg, 2014",  # "Ingen nye indsatser."
        "Punkt 4, bilag 2, Fredensborg, 2015",
    ],
)
def test_a_year_without_new_initiatives_gives_no_row(locator):
    assert locator not in rows()


def test_the_last_row_stops_where_the_bilag_ends():
    row = rows()["Punkt 4, bilag 2, Vallensbæk, 2015"]
    assert row.description.endswith("i begyndelsen af 2015.")
    assert "Notat om færdigbehandlede" not in row.description + row.effect_goal
    assert row.line_end == 3756


def test_split_columns_gives_a_narrow_closing_paragraph_to_the_side_column():
    text, side = split_columns(
        [
            "Der er etableret et akutteam i hjemmeplejen, som skal sikre hurtig hjemtagning af de",
            "færdigbehandlede borgere.",
            "",
            "At ingen borgere venter på",
            "hospitalet.",
        ]
    )
    assert [t for t in text if t.strip()][-1] == "færdigbehandlede borgere."
    assert [t for t in side if t.strip()] == ["At ingen borgere venter på", "hospitalet."]


# Parts not read ------------------------------------------------------------------------------


def test_the_parts_of_003_not_read_are_on_its_source_record(bundled_catalogue):
    source = next(s for s in bundled_catalogue.sources if s.slug == SKU)
    parts = [part["part"] for part in source.unread_parts]
    assert parts == [
        "Bilag til punkt 2: Midtvejsstatus for Sundhedsaftalen (artikler og statusskema over "
        "indsatserne)",
        "Bilag 3 til punkt 4: Antal færdigbehandlede patienter og færdigbehandlingsdage",
    ]
    assert not any(part.startswith("Bilag 2") for part in parts)  # bilag 2 is read now


def test_a_table_under_a_known_caption_that_cannot_be_read_is_an_unread_part():
    text = "\n".join(
        [
            " 1. GODKENDELSE AF DAGSORDEN",
            "",
            "Nye indsatser for hjemtagning af færdigbehandlede borgere – 2020 og 2021",
            "",
            "Et afsnit i et layout, som ingen af tabelformerne i agenda.toml kender.",
            "",
        ]
    )
    result = read(text, file="x.txt")
    assert [(u.part, u.line) for u in result.unread] == [
        # No page label names its bilag: the part is named by its caption, never a counted number.
        ("Nye indsatser for hjemtagning af færdigbehandlede borgere – 2020 og 2021", 3)
    ]
    assert any("table not read" in w.message for w in result.warnings)


@pytest.mark.parametrize(("language", "words"), [("da", "er ikke læst ind"), ("en", "is not read")])
def test_the_source_page_says_to_everyone_what_is_not_read(
    client, loaded_catalogue, language, words
):
    client.cookies["django_language"] = language
    response = client.get(f"/sources/{SKU}/")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_staff
    text = response.content.decode()
    assert (
        f"Bilag 3 til punkt 4: Antal færdigbehandlede patienter og færdigbehandlingsdage {words}"
        in text
    )
    # Each part not read links to its place in the note's text.
    unread = text.split('class="unread-parts"')[1].split("</ul>")[0]
    assert f'href="/sources/{SKU}/text/?lines=' in unread


def test_an_initiative_reported_over_three_years_of_one_agenda_reads_in_year_order(
    client, loaded_catalogue
):
    # Gribskov's fremskudt visitation: bilag 2's 2014 and 2015 blocks stand after bilag 1's 2016
    # block in the note, but the page reads 2014, 2015, 2016, and the status is 2016's.
    slug = "nye-indsatser-for-hjemtagning-af-faerdigbehandlede-i-gribskov-kommune-2014"
    response = client.get(f"/initiatives/{slug}/")
    assert [m.locator for m in response.context["mentions"]] == [
        "Punkt 4, bilag 2, Gribskov, 2014",
        "Punkt 4, bilag 2, Gribskov, 2015",
        "Punkt 4, bilag 1, Gribskov, 2016",
    ]
    assert response.context["latest"].locator == "Punkt 4, bilag 1, Gribskov, 2016"
    assert "Omtalt 3 gange i 1 kilde" in response.content.decode()


def test_the_detail_page_shows_a_mentions_expected_effect(client, loaded_catalogue):
    mention = Mention.objects.exclude(effect_goal="").select_related("initiative").first()
    page = client.get(mention.initiative.get_absolute_url()).content.decode()
    assert "Forventet effektmål i kilden" in page
    assert escape(mention.effect_goal.split("\n")[0]) in page
