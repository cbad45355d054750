"""Collaboration models (samarbejdsformer): the vocabulary, the rules and what they assign.

Every rule is tested on the real rows it is for (``for`` in the rules file: the note, its line
and the words there) and on the texts one loose word would wrongly catch (``not_for``).
"""

import tomllib
from pathlib import Path

import pytest

from imports import collaboration_models as cm
from imports.loader import load
from imports.manifest import load_manifest
from imports.pipeline import build_catalogue
from imports.records import MentionRecord
from initiatives.models import CollaborationModel, Initiative

ROOT = Path(__file__).resolve().parent.parent.parent
RULES = tomllib.loads((ROOT / "reference" / cm.RULES_FILE).read_text(encoding="utf-8"))
SOURCES = ROOT / "imports" / "sources"
NOTE_001 = "001_f78470f6f1d730cd.txt"

EXAMPLES = [
    pytest.param(rule, example, id=f"{rule['id']}:{example['file'][:3]}:{example['line']}")
    for rule in RULES["rule"]
    for example in rule.get("for", [])
    if not example.get("prose")
]
PROSE_EXAMPLES = [
    pytest.param(rule, example, id=f"{rule['id']}:{example['file'][:3]}:{example['line']}")
    for rule in RULES["rule"]
    for example in rule.get("for", [])
    if example.get("prose")
]
COUNTER_EXAMPLES = [
    pytest.param(rule, text, id=f"{rule['id']}:{str(text)[:30]}")
    for rule in RULES["rule"]
    for text in rule.get("not_for", [])
]


@pytest.fixture(scope="module")
def catalogue():
    return build_catalogue([(meta, None) for meta in load_manifest()])


def squeeze(text):
    return " ".join((text or "").split()).casefold()


def record(title="", description="", section="", target_group="", line=1, source="note", file=""):
    return MentionRecord(
        source=source, locator="Eksempel", position=1, line=line, line_end=line,
        section=section, title=title, title_raw=title, target_group_text=target_group,
        partner_text="", description=description, description_raw=description, status_text="",
        status="unknown", status_as_of=None, expected_end=None, sort_file=file,
    )  # fmt: skip


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_each_rule_tags_the_real_row_it_is_for(catalogue, rule, example):
    """The row is where the rules file says (the note's file and line), holds the quoted words,
    the rule matches them, and the initiative of that row has the rule's model."""
    files = {source.slug: source.file_name for source in catalogue.sources}
    rows = [
        (initiative, cm.mention_texts(mention, example["file"]))
        for initiative in catalogue.initiatives
        for mention in initiative.mentions
        if files[mention.source] == example["file"] and mention.line == example["line"]
    ]
    assert rows, f"no row at {example['file']}:{example['line']}"
    quoted = [
        (initiative, texts)
        for initiative, texts in rows
        if any(squeeze(example["text"]) in squeeze(text) for text in texts.values())
    ]
    assert quoted, f"{example['text']!r} is not at {example['file']}:{example['line']}"
    for initiative, texts in quoted:
        assert rule["id"] in cm.matching_rules(texts)
        assert rule["model"] in initiative.models


@pytest.mark.parametrize(("rule", "example"), PROSE_EXAMPLES)
def test_a_rule_no_row_needs_yet_matches_the_notes_own_words(rule, example):
    lines = (SOURCES / example["file"]).read_text(encoding="utf-8").split("\n")
    assert squeeze(example["text"]) in squeeze(lines[example["line"] - 1])
    assert rule["id"] in cm.matching_rules({"description": example["text"]})


@pytest.mark.parametrize(("rule", "text"), COUNTER_EXAMPLES)
def test_a_loose_word_alone_does_not_trigger_the_rule(rule, text):
    if isinstance(text, dict):
        texts = {text["field"]: text["text"]}
    else:
        texts = dict.fromkeys(cm.FIELDS, text)
    assert rule["id"] not in cm.matching_rules(texts)


def test_every_rule_has_a_row_or_a_line_of_a_note_it_is_for():
    assert [r["id"] for r in RULES["rule"] if not r.get("for")] == []


def test_the_vocabulary_is_the_models_of_note_001_with_cited_lines():
    note_lines = (SOURCES / NOTE_001).read_text(encoding="utf-8").split("\n")
    models = cm.vocabulary()
    assert [m.slug for m in models] == [
        "sundheds-og-akuthuse",
        "behandling-i-eget-hjem-og-udgaaende-teams",
        "telemedicin",
        "forloebskoordination",
        "faelles-forskning-og-udvikling",
        "elektronisk-kommunikation-og-faelles-data",
        "kompetenceudvikling-og-videndeling",
        "faelles-organisering-og-politiske-fora",
        "shared-care",
    ]
    for model in models:
        assert model.source == NOTE_001
        assert model.name_en and model.definition and model.definition_en
        for first, last in model.lines:
            assert 1 <= first <= last <= len(note_lines)
            assert all(note_lines[n - 1].strip() for n in (first, last)), (model.slug, first, last)


def test_the_cited_lines_are_the_notes_paragraph_about_the_model():
    note = (SOURCES / NOTE_001).read_text(encoding="utf-8").split("\n")

    def cited(slug):
        model = next(m for m in cm.vocabulary() if m.slug == slug)
        return " ".join(" ".join(note[a - 1 : b]) for a, b in model.lines).casefold()

    # The OCR'd words as the note has them ("Forlgbskoordination", "udgaende teams").
    assert "sundheds- og akuthuse" in cited("sundheds-og-akuthuse")
    assert "udgaende teams" in cited("behandling-i-eget-hjem-og-udgaaende-teams")
    assert "telemedicinske" in cited("telemedicin")
    assert "forlgbskoordination har det formal" in cited("forloebskoordination")
    assert "forsknings- og udviklingsfond" in cited("faelles-forskning-og-udvikling")
    assert "medcom" in cited("elektronisk-kommunikation-og-faelles-data")
    assert "kompetenceudvikling og videndeling" in cited("kompetenceudvikling-og-videndeling")
    assert "sundhedskoordinationsudvalg" in cited("faelles-organisering-og-politiske-fora")
    assert "shared care er en samlebetegnelse" in cited("shared-care")


def test_two_words_in_different_sentences_do_not_make_a_match():
    apart = "Borgerne får hjælp af et team. Det er udgående post, der forsinkes."
    together = "Et udgående team besøger borgerne."
    assert "udgaaende-team" not in cm.matching_rules({"description": apart})
    assert "udgaaende-team" in cm.matching_rules({"description": together})


def test_an_abbreviation_does_not_end_the_sentence():
    text = "Samme visitator følger borgeren fra f.eks. hospitalskonference til eget hjem."
    assert "visitator-paa-sygehuset" in cm.matching_rules({"description": text})


def test_an_unless_keyword_stops_the_rule():
    # 000, line 92: the note says itself that the project is not a cross-sector collaboration.
    title = (
        "Træk vejret- og kom godt hjem (forbedringsprojekt med fokus på overgang til "
        "primærsektor, men ikke tværsektorielt samarbejde)"
    )
    assert "overgang-mellem-sektorer" not in cm.matching_rules({"title": title})
    assert "overgang-mellem-sektorer" in cm.matching_rules({"title": title.split(", men")[0]})


def test_a_rule_reads_only_its_fields():
    approved = "Projektet blev godkendt af Den administrative styregruppe."
    assert "styregruppe" not in cm.matching_rules({"description": approved, "section": approved})
    assert "styregruppe" in cm.matching_rules({"title": "Styregruppe for fælles akuthuse"})


def test_a_box_of_note_001_is_read_under_the_heading_over_it():
    # Line 290 stands under the note's paragraph on shared care (lines 278-287).
    texts = {"title": "Et projekt", "description": "Et samarbejde om patienterne.", "line": 290}
    neutral = record(**texts, file=NOTE_001)
    assert cm.models_for_initiative([neutral]) == ["shared-care"]
    assert cm.models_for_initiative([record(**texts, file="another.txt")]) == []
    own_section = record(
        title="Et projekt", section="Tabel 1: Samarbejder", line=290, file=NOTE_001
    )
    assert cm.models_for_initiative([own_section]) == []


def test_an_initiative_has_every_model_any_of_its_mentions_has():
    mentions = [
        record(title="Behandling af sår via telemedicin", source="a"),
        record(title="Fremskudt visitation på hospitalet", source="b"),
        record(title="Et projekt uden samarbejdsform", source="c"),
    ]
    assert cm.models_for_initiative(mentions) == ["telemedicin", "forloebskoordination"]


def test_the_bundled_initiatives_that_plainly_are_a_model_are_tagged(catalogue):
    by_slug = {i.slug: i.models for i in catalogue.initiatives}
    assert by_slug["udgaaende-geriatriske-teams"] == ["behandling-i-eget-hjem-og-udgaaende-teams"]
    assert by_slug["telemedicinsk-saarvurdering"] == [
        "behandling-i-eget-hjem-og-udgaaende-teams",
        "telemedicin",
    ]
    assert by_slug["kommunale-visitatorer"] == ["forloebskoordination"]
    assert by_slug["folkesundheden-i-midten"] == ["faelles-forskning-og-udvikling"]
    assert by_slug["elektronisk-kommunikation"] == ["elektronisk-kommunikation-og-faelles-data"]
    assert by_slug["collaborative-care"][-1] == "shared-care"
    assert all(by_slug[s] for s in by_slug if s.startswith("akutteam-i-"))
    # A municipal measure that does not say how the sectors work together gets none.
    assert by_slug["nye-indsatser-for-hurtig-hjemtagning-i-rudersdal-kommune-2016"] == []


def test_a_rules_file_naming_an_unknown_model_is_refused_with_its_name(tmp_path):
    for name in (cm.VOCABULARY_FILE,):
        (tmp_path / name).write_text((ROOT / "reference" / name).read_text("utf-8"), "utf-8")
    (tmp_path / cm.RULES_FILE).write_text(
        '[[rule]]\nid = "typo"\nmodel = "telemedecin"\nall = [["telemedicin"]]\n', "utf-8"
    )
    with pytest.raises(cm.RulesError, match=r"rule 1 \(typo\): unknown model 'telemedecin'"):
        cm.rules(tmp_path)


def test_a_rule_without_keywords_is_refused(tmp_path):
    (tmp_path / cm.VOCABULARY_FILE).write_text(
        (ROOT / "reference" / cm.VOCABULARY_FILE).read_text("utf-8"), "utf-8"
    )
    (tmp_path / cm.RULES_FILE).write_text(
        '[[rule]]\nid = "empty"\nmodel = "telemedicin"\nall = [[]]\n', "utf-8"
    )
    with pytest.raises(cm.RulesError, match="empty.*at least one group"):
        cm.rules(tmp_path)


@pytest.mark.django_db
def test_load_catalogue_loads_the_vocabulary_and_the_models_of_each_initiative(catalogue):
    load()
    telemedicine = CollaborationModel.objects.get(slug="telemedicin")
    assert telemedicine.source_file == NOTE_001
    assert telemedicine.line_spans[0] == (61, 63)
    assert set(telemedicine.initiatives.values_list("slug", flat=True)) == {
        i.slug for i in catalogue.initiatives if "telemedicin" in i.models
    }


@pytest.mark.django_db
def test_a_reimport_keeps_an_admin_correction_of_the_models():
    load()
    initiative = Initiative.objects.get(slug="udgaaende-geriatriske-teams")
    telemedicine = CollaborationModel.objects.get(slug="telemedicin")
    initiative.models.set([telemedicine])
    initiative.mark_corrected("models")
    initiative.save()
    load()
    assert list(initiative.models.values_list("slug", flat=True)) == ["telemedicin"]
    untouched = Initiative.objects.get(slug="udgaaende-palliative-teams")
    assert list(untouched.models.values_list("slug", flat=True)) == [
        "behandling-i-eget-hjem-og-udgaaende-teams"
    ]
