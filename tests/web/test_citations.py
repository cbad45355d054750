"""Citations: complete (the issuer's region, the note, its date, the place in it), unambiguous
(only numbers the note prints) and in the page's language — one line of plain text to paste."""

import csv
import datetime
import json
import re
from pathlib import Path

import pytest
from django.utils import translation

from initiatives.formatting import citation, lcfirst, locator_display
from initiatives.models import Mention, Region, SourceDocument

ROOT = Path(__file__).resolve().parents[2]


def make_cited(locator, **source):
    """An unsaved mention of an unsaved note (no database needed to word a citation)."""
    region = source.pop("region", None)
    note = SourceDocument(
        slug="note",
        region=Region(pk=1, slug="r", name=region) if region else None,
        **{"date_precision": "day", "kind": "Notat", **source},
    )
    return Mention(source=note, locator=locator)


FORRETNINGSUDVALGET = {
    "region": "Region Hovedstaden",
    "short_title": "Notat til Forretningsudvalget",
    "kind": "Notat",
    "date": datetime.date(2019, 4, 30),
}
MIDTKLYNGEN = {
    "region": "Region Midtjylland",
    "short_title": "Midtklyngens oversigt over initiativer",
    "kind": "Oversigt",
    "date": datetime.date(2022, 11, 1),
    "date_precision": "month",
}
AGENDA = {
    "region": "Region Hovedstaden",
    "short_title": "Sundhedskoordinationsudvalget, dagsorden",
    "kind": "Dagsorden",
    "date": datetime.date(2017, 5, 19),
}
DANSKE_REGIONER = {
    "short_title": "Danske Regioners notat om tværsektorielle samarbejdsmodeller",
    "date": None,
    "date_precision": "unknown",
    "date_note": "Udateret, ca. 2014",
}
RANDERS = {
    "region": "Region Midtjylland",
    "short_title": "Randers-klyngens afrapportering",
    "kind": "Afrapportering",
    "date": datetime.date(2018, 4, 1),
    "date_precision": "month",
}
DOCUMENT = {**FORRETNINGSUDVALGET, "short_title": "Notat om sundhedshuse"}

CASES = [
    # (note kind, source, locator, Danish citation, English citation)
    (
        "numbered table",
        FORRETNINGSUDVALGET,
        "Tabel 1, række 8",
        "Kilde: Region Hovedstaden, notat til Forretningsudvalget, 30. april 2019, tabel 1, "
        "række 8",
        "Source: Region Hovedstaden, notat til Forretningsudvalget, 30 April 2019, Table 1, row 8",
    ),
    (
        "table cited by its caption",
        MIDTKLYNGEN,
        "Tabellen »Udvalgte bilaterale initiativer i samarbejde mellem kommune, Hospitalsenhed "
        "Midt og/eller Regionspsykiatrien og almen praksis«, række 3",
        "Kilde: Region Midtjylland, Midtklyngens oversigt over initiativer, november 2022, "
        "tabellen »Udvalgte bilaterale initiativer i samarbejde mellem kommune, Hospitalsenhed "
        "Midt og/eller Regionspsykiatrien og almen praksis«, række 3",
        "Source: Region Midtjylland, Midtklyngens oversigt over initiativer, November 2022, "
        "Table “Udvalgte bilaterale initiativer i samarbejde mellem kommune, Hospitalsenhed "
        "Midt og/eller Regionspsykiatrien og almen praksis”, row 3",
    ),
    (
        "agenda bilag",
        AGENDA,
        "Punkt 4, bilag 1, Allerød, 2016",
        "Kilde: Region Hovedstaden, Sundhedskoordinationsudvalget, dagsorden, 19. maj 2017, "
        "punkt 4, bilag 1, Allerød, 2016",
        "Source: Region Hovedstaden, Sundhedskoordinationsudvalget, dagsorden, 19 May 2017, "
        "Item 4, Appendix 1, Allerød, 2016",
    ),
    (
        "agenda project",
        AGENDA,
        "Punkt 5, projekt 3",
        "Kilde: Region Hovedstaden, Sundhedskoordinationsudvalget, dagsorden, 19. maj 2017, "
        "punkt 5, projekt 3",
        "Source: Region Hovedstaden, Sundhedskoordinationsudvalget, dagsorden, 19 May 2017, "
        "Item 5, project 3",
    ),
    (
        "undated example box without a region",
        DANSKE_REGIONER,
        "Eksempel »Kommunale visitatorer«",
        "Kilde: Danske Regioners notat om tværsektorielle samarbejdsmodeller, udateret, ca. 2014, "
        "eksempel »Kommunale visitatorer«",
        "Source: Danske Regioners notat om tværsektorielle samarbejdsmodeller, undated, ca. 2014, "
        "Example “Kommunale visitatorer”",
    ),
    (
        "laboratory of a grant report",
        RANDERS,
        "Laboratorium 8",
        "Kilde: Region Midtjylland, Randers-klyngens afrapportering, april 2018, laboratorium 8",
        "Source: Region Midtjylland, Randers-klyngens afrapportering, April 2018, Laboratory 8",
    ),
    (
        "page of a document note",
        DOCUMENT,
        "Side 3, tabel 2, række 4",
        "Kilde: Region Hovedstaden, notat om sundhedshuse, 30. april 2019, side 3, tabel 2, "
        "række 4",
        "Source: Region Hovedstaden, notat om sundhedshuse, 30 April 2019, page 3, Table 2, row 4",
    ),
]


@pytest.mark.parametrize(
    ("source", "locator", "danish", "english"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_citation_wording_per_note_kind_in_danish_and_english(source, locator, danish, english):
    mention = make_cited(locator, **source)
    with translation.override("da"):
        assert citation(mention) == danish
    with translation.override("en"):
        assert citation(mention) == english


def test_a_title_that_names_the_region_is_not_preceded_by_it_again():
    mention = make_cited("Tabel 1, række 1", **{**FORRETNINGSUDVALGET, "short_title": "Region "
                         "Hovedstadens notat om akutteams"})  # fmt: skip
    with translation.override("da"):
        assert citation(mention) == (
            "Kilde: Region Hovedstadens notat om akutteams, 30. april 2019, tabel 1, række 1"
        )


def test_a_locator_that_starts_with_a_name_keeps_its_capital_and_unknown_words_stay():
    mention = make_cited("Allerød, 2016", **AGENDA)
    with translation.override("da"):
        assert citation(mention).endswith("19. maj 2017, Allerød, 2016")
    with translation.override("en"):
        assert citation(mention).endswith("19 May 2017, Allerød, 2016")


def test_locators_read_in_the_pages_language_with_a_capital_first_letter():
    with translation.override("en"):
        assert locator_display("Side 3, tabel 2, række 4") == "Page 3, Table 2, row 4"
        assert locator_display("Tabellen »Tabel over parter«, række 2") == (
            "Table “Tabel over parter”, row 2"  # the quoted caption is the note's own text
        )
        assert locator_display("Tabellen på linje 40, række 1") == "Table at line 40, row 1"
    with translation.override("da"):
        assert locator_display("Punkt 4, bilag 1, Allerød, 2016") == (
            "Punkt 4, bilag 1, Allerød, 2016"
        )


def test_no_danish_locator_word_is_left_in_an_english_locator_of_the_catalogue():
    danish = {"tabel", "tabellen", "række", "punkt", "projekt", "bilag", "eksempel", "laboratorium"}
    with translation.override("en"):
        for mention in catalogue_mentions():
            outside_quotes = re.sub(r"“[^”]*”", "", locator_display(mention.locator))
            assert not danish & set(re.findall(r"\w+", outside_quotes.lower())), outside_quotes


# --- every citation of the bundled catalogue ---------------------------------------------------


def catalogue_mentions():
    """Unsaved mentions of the committed fixtures, with their sources and regions."""
    with open(ROOT / "reference" / "regions.csv", encoding="utf-8", newline="") as fh:
        regions = {row["slug"]: row["name"] for row in csv.DictReader(fh)}
    sources = {}
    for row in json.loads((ROOT / "fixtures" / "sources.json").read_text(encoding="utf-8")):
        sources[row["slug"]] = SourceDocument(
            slug=row["slug"],
            title=row["title"],
            short_title=row["short_title"],
            kind=row["kind"],
            region=Region(pk=1, name=regions[row["region"]]) if row["region"] else None,
            date=datetime.date.fromisoformat(row["date"]) if row["date"] else None,
            date_precision=row["date_precision"],
            date_note=row["date_note"],
        )
    initiatives = json.loads((ROOT / "fixtures" / "initiatives.json").read_text(encoding="utf-8"))
    return [
        Mention(source=sources[m["source"]], locator=m["locator"])
        for initiative in initiatives
        for m in initiative["mentions"]
    ]


def test_every_bundled_citation_is_one_line_naming_the_region_of_a_regional_note():
    mentions = catalogue_mentions()
    assert len(mentions) == 217  # every mention of the five bundled notes
    for language in ("da", "en"):
        with translation.override(language):
            for mention in mentions:
                text = citation(mention)
                assert "\n" not in text and "  " not in text, text
                if mention.source.region_id:
                    assert mention.source.region.name in text, text
    with translation.override("da"):
        for mention in mentions:
            assert citation(mention).endswith(lcfirst(mention.locator))


def test_the_bundled_agenda_citations_name_the_item_and_the_bilag():
    by_locator = {m.locator: m for m in catalogue_mentions()}
    with translation.override("da"):
        assert citation(by_locator["Punkt 4, bilag 1, Allerød, 2016"]) == (
            "Kilde: Region Hovedstaden, Sundhedskoordinationsudvalget, dagsorden, 19. maj 2017, "
            "punkt 4, bilag 1, Allerød, 2016"
        )
        assert citation(by_locator["Tabel 1, række 8"]) == (
            "Kilde: Region Hovedstaden, notat til Forretningsudvalget, 30. april 2019, tabel 1, "
            "række 8"
        )


def test_no_bundled_citation_cites_a_number_the_note_does_not_print():
    """002 numbers no table and 001 no example box: their citations quote captions and titles."""
    for mention in catalogue_mentions():
        if mention.source.slug in ("midtklyngen-initiativer-2022",):
            assert mention.locator.startswith("Tabellen »"), mention.locator
        if mention.source.slug == "danske-regioner-samarbejdsmodeller":
            assert mention.locator.startswith("Eksempel »"), mention.locator
