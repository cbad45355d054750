"""Status texts, target groups and titles mapped onto the vocabularies (imports.vocabularies)."""

import datetime
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imports.vocabularies import StatusResult, clean_title, map_status, map_target_groups

ROOT = Path(__file__).resolve().parents[2]
NOV_2022 = datetime.date(2022, 11, 1)
MAY_2017 = datetime.date(2017, 5, 19)

# Status ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Igangværende", "ongoing"),
        ("Afsluttet", "completed"),
        ("", "unknown"),
        ("   ", "unknown"),
        ("Projektet er i evaluerings- og afrapporteringsfasen.", "evaluation"),
        ("Projektet er under implementering.", "implementation"),
        (
            "Projektet er overgået til implementeringsfasen. Resultaterne er præsenteret for de "
            "øvrige klynger.",
            "implementation",
        ),
        ("Gældende", "operation"),
        ("I drift", "operation"),
        ("I drift. Der følges løbende op og evaluering er igangsat.", "operation"),
        ("I drift. Der sker en løbende implementering og opfølgning.", "operation"),
        ("I drift. Samarbejdsaftalen evalueres primo 2023.", "operation"),
        ("Planlagt", "planned"),
        ("Kommunen planlægger et akutteam", "planned"),
        ("Kommunen forventer at åbne i 2018", "planned"),
        ("2016: igangsat", "ongoing"),
        ("2017: planlagt", "planned"),
        ("Har akutteam", "operation"),
        ("Planlægger akutteam", "planned"),
        ("De tværsektorielle stuegange er igangsat i begyndelsen af maj.", "ongoing"),
        (
            "Projeket er i opstartsfasen og der er i øjeblikket ved at blive ansat en regional og "
            "en kommunal projektleder.",
            "ongoing",
        ),
        (
            "På nuværende tidspunkt er der ikke fundet et match mellem interesserede kommuner og "
            "praktiserende læger.",
            "planned",
        ),
        (
            "Det er aftalt, at en mindre projektgruppe indgår i planlægningsfasen, hvor modellen "
            "beskrives.",
            "planned",
        ),
        ("ENDNU IKKE IGANGSAT SOM PLANLAGT", "planned"),
        ("UNDER UDVIKLING", "ongoing"),
        ("AFSLUTTET FRA ARBEJDSGRUPPE/FORA", "completed"),
        ("Noget helt andet", "unknown"),
    ],
)
def test_status_phrases_map_onto_the_vocabulary(text, code):
    result = map_status(text, note_date=MAY_2017)
    assert result.code == code
    assert result.end_date is None


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("Projektet afsluttes marts 2023", datetime.date(2023, 3, 31)),
        (
            "Projektet publicerer løbende delresultater og forventes afsluttet i 2024.",
            datetime.date(2024, 12, 31),
        ),
        (
            "Projektet afsluttes i 2023 og overvejelser om efterfølgende plan pågår.",
            datetime.date(2023, 12, 31),
        ),
        # The evaluation is planned for the end of 2023: the initiative runs until then.
        ("Evalueres ultimo 2023", datetime.date(2023, 12, 31)),
    ],
)
def test_a_future_end_date_means_ongoing_with_that_end(text, end):
    result = map_status(text, note_date=NOV_2022)
    assert (result.code, result.end_date) == ("ongoing", end)
    assert result.matched in text


def test_a_past_end_date_means_completed():
    result = map_status("Projektet afsluttes marts 2023", note_date=datetime.date(2023, 6, 1))
    assert (result.code, result.end_date) == ("completed", datetime.date(2023, 3, 31))


def test_without_a_note_date_the_tense_decides():
    assert map_status("Projektet afsluttes marts 2023", note_date=None).code == "ongoing"
    assert map_status("Projektet afsluttede i 2015", note_date=None).code == "completed"


@pytest.mark.parametrize(
    ("month", "number"),
    [("januar", 1), ("februar", 2), ("maj", 5), ("oktober", 10), ("december", 12)],
)
def test_danish_month_names_give_the_last_day_of_the_month(month, number):
    result = map_status(f"Afsluttes {month} 2024", note_date=None)
    assert result.end_date.month == number
    assert (result.end_date + datetime.timedelta(days=1)).day == 1


def test_primo_medio_ultimo_end_their_part_of_the_year():
    assert map_status("afsluttes primo 2025", note_date=None).end_date == datetime.date(2025, 3, 31)
    assert map_status("afsluttes medio 2025", note_date=None).end_date == datetime.date(2025, 6, 30)
    assert map_status("afsluttes ultimo 2025", note_date=None).end_date == datetime.date(
        2025, 12, 31
    )


def test_status_markup_is_ignored():
    assert map_status("<p>Igangværende</p>", note_date=None).code == "ongoing"


# Target groups --------------------------------------------------------------------------------


def vocabulary():
    data = tomllib.loads((ROOT / "reference" / "target_groups.toml").read_text(encoding="utf-8"))
    return data["group"]


def rows_000():
    """(title, Målgruppe) of every table row of note 000."""
    rows = []
    text = (ROOT / "imports" / "sources" / "000_c9a10daa5558fc36.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) >= 3 and cells[0] != "Titel":
            rows.append((cells[0], cells[1]))
    return rows


def test_the_vocabulary_is_compact_and_has_one_fallback():
    groups = vocabulary()
    assert 12 <= len(groups) <= 20
    assert len({g["slug"] for g in groups}) == len(groups)
    assert [g["slug"] for g in groups if g.get("fallback")] == ["alle-borgere"]


def test_every_malgruppe_of_note_000_maps_to_a_group():
    fallback = "alle-borgere"
    rows = rows_000()
    assert len(rows) >= 50
    for title, target in rows:
        groups = map_target_groups(target, fallback_text=title)
        assert groups, target
        if not target.lower().startswith("alle borgere"):
            assert fallback not in groups, target


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Borgere med KOL", ["kronisk-sygdom"]),
        ("Ældre medicinske patienter", ["aeldre-medicinske-patienter", "medicinske-patienter"]),
        ("Borgere med diabetiske fodsår", ["kronisk-sygdom", "saar-og-hud"]),
        ("Patienter med behov for specialiseret sårpleje.", ["saar-og-hud"]),
        ("Hjemløse og psykisk syge borgere", ["psykisk-sygdom", "socialt-udsatte"]),
        ("Unge med skitsofreni og oskizotypi", ["psykisk-sygdom", "boern-og-unge"]),
        ("Borgere med erhvervet hjerne-skade", ["erhvervet-hjerneskade"]),
        ("Borgere med samtidig psykisk sygdom og misbrug", ["psykisk-sygdom", "misbrug"]),
        ("Borgere med behov for rehabilitering efter kræftbehandling",
         ["kraeft-og-palliation", "genoptraening-og-rehabilitering"]),
        ("Alle borgere i Ishøj Kommune", ["alle-borgere"]),
    ],
)  # fmt: skip
def test_target_group_texts_map_to_their_groups_in_vocabulary_order(text, expected):
    assert map_target_groups(text) == expected


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Kolding Kommunes borgere", "kronisk-sygdom"),  # "kol" is KOL, not Kolding
        ("Sårbare ældre", "saar-og-hud"),  # "sår" is a wound, not "sårbare"
        ("Personalet i ungeenhederne", "boern-og-unge"),  # "unge" is a word of its own
        ("Sårbare ældre", "socialt-udsatte"),  # frail, not socially vulnerable
    ],
)
def test_keywords_do_not_hit_inside_other_words(text, wrong):
    assert wrong not in map_target_groups(text)


def test_an_empty_target_group_uses_the_fallback_text():
    assert map_target_groups("", fallback_text="Udgående palliative teams") == [
        "kraeft-og-palliation"
    ]


def test_nothing_matching_gives_the_fallback_group():
    assert map_target_groups("", fallback_text="") == ["alle-borgere"]
    assert map_target_groups("Beboere", fallback_text="Noget") == ["alle-borgere"]


# Titles ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Tværasektoriel neurorehabilitering", "Tværsektoriel neurorehabilitering"),
        ("Tværasektorielt team om misbrug", "Tværsektorielt team om misbrug"),
        ("Samarbejde om tværasektorielle forløb", "Samarbejde om tværsektorielle forløb"),
        ("TVÆRASEKTORIEL STUEGANG", "TVÆRSEKTORIEL STUEGANG"),
        ("#Fælles populationsansvar", "Fælles populationsansvar"),
        ("Samarbejdsaftale omkring socialt udsatte borgere.", "Samarbejdsaftale omkring socialt udsatte borgere"),
        ("Udvikling af SMS-tjeneste til patient om hjælp i hjemmet.", "Udvikling af SMS-tjeneste til patient om hjælp i hjemmet"),
        ("  Half   way\ttilbud ", "Half way tilbud"),
        ("<p>Livets Afslutning</p>", "Livets Afslutning"),
        ("**Laboratorium 6**", "Laboratorium 6"),
        ("CAPTAIN– telefonrådgivning og fast sygeplejerske", "CAPTAIN – telefonrådgivning og fast sygeplejerske"),
        ("Hjælpemidler, træning m.v.", "Hjælpemidler, træning m.v."),
        ("", ""),
    ],
)  # fmt: skip
def test_clean_title(raw, clean):
    assert clean_title(raw) == clean


# Robustness -------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200), fallback=st.text(max_size=50), date=st.none() | st.dates())
def test_arbitrary_text_never_raises(text, fallback, date):
    assert isinstance(map_status(text, note_date=date), StatusResult)
    assert map_target_groups(text, fallback_text=fallback)
    assert isinstance(clean_title(text), str)


@settings(max_examples=200, deadline=None)
@given(year=st.integers(1900, 2099), month=st.sampled_from(["marts", "maj", "ultimo", "primo"]))
def test_any_end_year_gives_a_valid_date(year, month):
    result = map_status(f"Projektet afsluttes {month} {year}", note_date=NOV_2022)
    assert result.end_date.year == year
    assert result.code == ("ongoing" if result.end_date >= NOV_2022 else "completed")
