"""The Danish OCR repair (imports.ocr) and its measured error rate on note 001."""

from pathlib import Path

import pytest
import wordfreq
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import ocr_wer
from imports import ocr

NOTE = Path(__file__).resolve().parents[2] / "imports" / "sources" / "001_f78470f6f1d730cd.txt"
WER_TARGET = 0.02


@pytest.mark.parametrize(
    ("scanned", "repaired"),
    [
        ("sa", "så"),
        ("pa", "på"),
        ("pd", "på"),
        ("fd", "få"),
        ("ar", "år"),
        ("vasen", "væsen"),
        ("vaesen", "væsen"),  # the ASCII digraph: valid, but æ is preferred
        ("forlgb", "forløb"),
        ("@ldre", "ældre"),
        ("&ldre", "ældre"),
        ("n@re", "nære"),
        ("stgtte", "støtte"),
        ("stotte", "støtte"),
        ("lzger", "læger"),
        ("sundhedsvasen", "sundhedsvæsen"),
        ("fuldsteendigt", "fuldstændigt"),
        ("feelles", "fælles"),
        ("flles", "fælles"),  # a dropped æ
        ("tveers", "tværs"),
        ("seerligt", "særligt"),
        ("sarlig", "særlig"),
        ("omrdde", "område"),
        ("formadl", "formål"),
        ("efterhdanden", "efterhånden"),
        ("haijt", "højt"),
        ("rantgen", "røntgen"),
        ("skonomisk", "økonomisk"),
        ("pdrgrende", "pårørende"),
        ("muligggr", "muliggør"),
        ("vare", "være"),  # a listed word, but "være" is a hundred times more frequent
    ],
)
def test_repair_word_restores_danish_letters(scanned, repaired):
    assert ocr.repair_word(scanned) == repaired


@pytest.mark.parametrize(
    ("scanned", "repaired"),
    [
        ("hjemmebesgg", "hjemmebesøg"),
        ("opfglgende", "opfølgende"),
        ("forlgbskoordination", "forløbskoordination"),
        ("arbejdsmarkedsomrddet", "arbejdsmarkedsområdet"),
        ("fgdselsforberedelse", "fødselsforberedelse"),
        ("hiemmesygeplejersken", "hjemmesygeplejersken"),
        ("uhensigtsmassige", "uhensigtsmæssige"),
    ],
)
def test_repair_word_repairs_compounds_wordfreq_does_not_list(scanned, repaired):
    assert ocr.zipf(repaired) == 0  # the point: the whole word is not in the list
    assert ocr.repair_word(scanned) == repaired


CORRECT_WORDS = [
    # Short words where a "repair" would spell another word: each must stay.
    "da", "at", "og", "de", "en", "man", "for", "har", "der", "som", "med", "mod", "vej",
    "hos", "kan", "ser", "sted", "kort", "tale", "lave", "dele", "sagt", "mere", "meget",
    "ikke", "borger", "faglige", "misbrug", "demente", "Guiden",
    # Acronyms, names and foreign words.
    "MRSA", "KOL", "AK", "Medcom", "MedCom", "Kolding", "Næstved", "Vordingborg",
    "Halfway", "House", "care", "smartphone",
    # Correct compounds and loanword forms wordfreq does not list.
    "hjemmepleje", "Folkesundheden", "Samordningskoordinatorer", "visitatorer",
    "generaliseret", "effektivisere", "jordemoder",
    # Already repaired text, abbreviations and numbers.
    "sundhedsvæsen", "ældre", "på", "Ph.d.", "bl.a.", "f.eks.", "www.regioner.dk", "1-3",
]  # fmt: skip


@pytest.mark.parametrize("word", CORRECT_WORDS)
def test_repair_word_leaves_correct_words_alone(word):
    assert ocr.repair_word(word) == word


@pytest.mark.parametrize(
    ("scanned", "repaired"),
    [
        ("Pd", "På"),
        ("Sarbare", "Sårbare"),
        ("Neestved", "Næstved"),
        ("Opfglgende", "Opfølgende"),
        ("Folgehjemordning", "Følgehjemordning"),
        ("Hemmemonitorering", "Hjemmemonitorering"),
        ("Igftet", "løftet"),  # the capital I was the scanner's l: no capital in the repair
        ("Isbende", "løbende"),
    ],
)
def test_repair_word_keeps_capitalisation(scanned, repaired):
    assert ocr.repair_word(scanned) == repaired


@pytest.mark.parametrize(
    ("scanned", "repaired"),
    [
        ("(forlgb),", "(forløb),"),
        ('"Fglge', '"Følge'),
        ("sundhedsvasen”,", "sundhedsvæsen”,"),
        ("KOL-omrddet.", "KOL-området."),
        ("indlaeggelses-", "indlæggelses-"),
        ("opgavefordeling/stgtte", "opgavefordeling/støtte"),
    ],
)
def test_repair_word_keeps_punctuation_and_repairs_hyphenated_parts(scanned, repaired):
    assert ocr.repair_word(scanned) == repaired


def test_repair_text_joins_words_hyphenated_across_lines():
    text = "der samar-\nbejder om det hele sund-\nhedsvasen pa tvaers"
    assert ocr.repair_text(text) == "der samarbejder\nom det hele sundhedsvæsen\npå tværs"


def test_repair_text_joins_across_a_blank_line_the_scanner_inserted():
    assert ocr.repair_text("borgerne i naer-\n\nomrddet. Det er") == (
        "borgerne i nærområdet.\n\nDet er"
    )


def test_repair_text_keeps_real_hyphens_at_line_ends():
    # A name opening a compound keeps its hyphen; "forsknings- og" is a suspended compound.
    text = "om Medcom-\nstandarder og forsknings-\nog udviklingsarbejde"
    assert ocr.repair_text(text) == text


def test_repair_text_keeps_the_line_count():
    text = NOTE.read_text(encoding="utf-8")
    assert ocr.repair_text(text).count("\n") == text.count("\n")


def test_repair_text_reads_a_bar_opening_a_line_as_capital_i():
    assert ocr.repair_text("| forhold til videndeling") == "I forhold til videndeling"
    assert ocr.repair_text("| a | b |") == "| a | b |"  # a table row stays


def test_repair_paragraph_joins_lines_with_single_spaces():
    assert ocr.repair_paragraph("Pd det psykiatriske\nomrdde  arbejdes") == (
        "På det psykiatriske område arbejdes"
    )


def test_document_evidence_decides_between_two_real_words():
    # "lege" (play) is a real word; a text that certainly says "læger" means "læge".
    assert ocr.repair_word("lege") == "lege"
    assert ocr.repair_text("praktiserende lzger og egen lege") == (
        "praktiserende læger og egen læge"
    )
    evidence = ocr.document_evidence("de praktiserende lzger")
    assert ocr.repair_word("lege", evidence=evidence) == "læge"


def test_text_that_kept_its_danish_letters_is_repaired_only_where_a_word_does_not_parse():
    intact = "Det er en vare, sagde far på sygehuset i Næstved, og lser det."
    assert ocr.document_evidence(intact).letters_intact
    assert (
        ocr.repair_text(intact) == "Det er en vare, sagde far på sygehuset i Næstved, og læser det."
    )
    # The same words in a scan without æ, ø and å are read as its letters broken.
    assert ocr.repair_text("sagde far pa sygehuset") == "sagde får på sygehuset"


def test_the_other_notes_keep_their_danish_letters():
    for name in ("000_c9a10daa5558fc36", "002_216d5a4db58f8ddc", "004_f2f7b4d944a37d36"):
        text = (NOTE.parent / f"{name}.txt").read_text(encoding="utf-8")
        assert ocr.repair_text(text) == text


def test_a_name_in_a_sentence_is_repaired_only_to_a_listed_word():
    assert ocr.repair_text("Borgerne i Tranehaven og Nastved har pa forhand aftalt det.") == (
        "Borgerne i Tranehaven og Næstved har på forhånd aftalt det."
    )


@pytest.mark.parametrize("word", ["og", "sundhedsvæsen", "læge", "forløb", "kolding"])
def test_zipf_is_wordfreqs_danish_zipf_frequency(word):
    assert ocr.zipf(word) == pytest.approx(wordfreq.zipf_frequency(word, "da"), abs=0.01)


def test_word_error_rate_after_repair_is_below_target():
    result = ocr_wer.measure()
    assert result["sample"]["words"] >= 200
    assert len(ocr_wer.load_gold()["titles"]) == 16
    for part in ("titles", "sample"):
        assert result[part]["before"] > WER_TARGET  # the yardstick measures something
        assert result[part]["after"] < WER_TARGET, result[part]["misses"]


def test_word_error_rate_counts_levenshtein_over_reference_words():
    assert ocr_wer.word_error_rate([("a b c", "a x c d")]) == pytest.approx(2 / 4)
    assert ocr_wer.words("(fx sygeplejerske), 'Care-model’.") == [
        "fx",
        "sygeplejerske",
        "Care-model",
    ]


OCR_ALPHABET = st.sampled_from(list("aeiougpdszlIh|@&æøå- \n.,()\"'’”") + ["ae", "ee", "-\n"])


@settings(deadline=None, max_examples=200)
@given(st.one_of(st.text(), st.lists(OCR_ALPHABET, max_size=80).map("".join)))
def test_repair_text_accepts_any_text(text):
    repaired = ocr.repair_text(text)
    assert repaired.count("\n") == text.count("\n")
    assert isinstance(ocr.repair_paragraph(text), str)


@settings(deadline=None, max_examples=200)
@given(st.text(max_size=80))
def test_repair_word_accepts_any_token(word):
    assert isinstance(ocr.repair_word(word), str)
