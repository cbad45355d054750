"""Raw cells → the controlled vocabularies: status, target groups, and clean titles (pure).

It owns the code that applies the rules; the rules are data in ``reference/``:

* ``status_phrases.toml`` – ordered phrase rules mapping a free-text status ("Projektet afsluttes
  marts 2023", "Gældende", "2016: igangsat") onto a status code, with an expected end date where
  the text gives one (:func:`map_status`), and the phrases that state a status in a row's own
  text (:func:`status_in_text`: "Er implementeret … fra 2010").
* ``target_groups.toml`` – the target-group vocabulary and its keywords
  (:func:`map_target_groups`).
* ``spelling.toml`` – misspellings in the notes' titles (:func:`clean_title`).

The raw text is never changed here; callers keep it next to the mapped value.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from imports import reference
from imports.reference import REFERENCE_DIR

DANISH_MONTHS = {
    name: number
    for number, name in enumerate(
        ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
         "september", "oktober", "november", "december"),
        start=1,
    )
}  # fmt: skip
# The last month of the part of a year that "primo", "medio" and "ultimo" name.
YEAR_PARTS = {"primo": 3, "medio": 6, "ultimo": 12}
# Verbs in an end-date phrase that look back: without a note date they mean it has ended.
PAST_VERBS = {"afsluttede", "sluttede", "ophørte", "løb til", "udløb"}


@dataclass(frozen=True)
class StatusResult:
    """A status text mapped onto the vocabulary: the code, an expected end, what matched."""

    code: str
    end_date: datetime.date | None = None
    matched: str = ""


@dataclass(frozen=True)
class _StatusRule:
    regex: re.Pattern
    status: str
    overrides: bool = False


@dataclass(frozen=True)
class _Group:
    slug: str
    regex: re.Pattern | None
    fallback: bool
    yields_to: frozenset[str] = frozenset()
    kept_by: re.Pattern | None = None


@dataclass(frozen=True)
class _Fix:
    regex: re.Pattern
    right: str


# Loading the rules --------------------------------------------------------------------------


def _read_toml(reference_dir: Path, name: str) -> dict:
    return reference.read_toml(name, Path(reference_dir))


@lru_cache(maxsize=16)
def _status_rules(
    reference_dir: Path = REFERENCE_DIR, section: str = "rule"
) -> tuple[_StatusRule, ...]:
    codes = reference.status_codes(Path(reference_dir))
    rules = []
    for rule in _read_toml(reference_dir, "status_phrases.toml").get(section, []):
        if rule["status"] not in codes and not (section == "rule" and rule["status"] == "by_date"):
            raise ValueError(f"status_phrases.toml: unknown status {rule['status']!r}")
        rules.append(
            _StatusRule(
                re.compile(rule["pattern"], re.IGNORECASE | re.MULTILINE),
                rule["status"],
                bool(rule.get("overrides", False)),
            )
        )
    return tuple(rules)


@lru_cache(maxsize=8)
def _fallback_ignore(reference_dir: Path = REFERENCE_DIR) -> re.Pattern | None:
    patterns = _read_toml(reference_dir, "target_groups.toml").get("fallback", {}).get("ignore")
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


@lru_cache(maxsize=8)
def _target_groups(reference_dir: Path = REFERENCE_DIR) -> tuple[_Group, ...]:
    groups = []
    for group in _read_toml(reference_dir, "target_groups.toml")["group"]:
        groups.append(
            _Group(
                group["slug"],
                keywords_regex(group.get("keywords", []), patterns=group.get("patterns", [])),
                bool(group.get("fallback", False)),
                frozenset(group.get("yields_to", ())),
                keywords_regex(group.get("kept_by", [])),
            )
        )
    return tuple(groups)


def keywords_regex(keywords, *, patterns=()) -> re.Pattern | None:
    """One case-insensitive regex matching any of a rules file's keywords (None for none).

    ``patterns`` are regular expressions matched at the start of a word, for what keywords
    cannot say.

    A keyword matches at the start of a word ("diabet" in "diabetiske", not "sår" inside "fodsår"
    unless listed as such); one ending in "$" must also end where the word ends ("kol$" is KOL,
    not Kolding); one starting with "*" may also end a compound ("*koordinator" in
    "udskrivningskoordinator"); a space matches any run of whitespace.
    """
    alternatives = [rf"(?<!\w)(?:{pattern})" for pattern in patterns]
    for keyword in keywords:
        inside = keyword.startswith("*")
        whole = keyword.endswith("$")
        body = re.escape(keyword.lstrip("*").rstrip("$").strip()).replace(r"\ ", r"\s+")
        start = "" if inside else r"(?<!\w)"
        alternatives.append(start + body + (r"(?!\w)" if whole else ""))
    if not alternatives:
        return None
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


@lru_cache(maxsize=8)
def _spelling(reference_dir: Path = REFERENCE_DIR) -> tuple[tuple[_Fix, ...], frozenset[str]]:
    data = _read_toml(reference_dir, "spelling.toml")
    fixes = []
    for fix in data.get("fix", []):
        end = r"(?!\w)" if fix.get("whole_word") else ""
        regex = re.compile(rf"(?<!\w){re.escape(fix['wrong'])}{end}", re.IGNORECASE)
        fixes.append(_Fix(regex, fix["right"]))
    abbreviations = frozenset(a.lower() for a in data.get("abbreviations", []))
    return tuple(fixes), abbreviations


# Status ------------------------------------------------------------------------------------


def map_status(text: str, *, note_date: datetime.date | None) -> StatusResult:
    """The status code a free-text status means, as of the note's date.

    >>> map_status("Projektet afsluttes marts 2023", note_date=datetime.date(2022, 11, 1))
    StatusResult(code='ongoing', end_date=datetime.date(2023, 3, 31), matched='afsluttes marts 2023')
    """
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", text or "")).strip()
    if not text:
        return StatusResult("unknown")
    for rule in _status_rules():
        match = rule.regex.search(text)
        if match is None:
            continue
        if rule.status != "by_date":
            return StatusResult(rule.status, None, match.group().strip())
        end = _end_date(match)
        if end is None:
            continue
        if note_date is not None:
            code = "ongoing" if end >= note_date else "completed"
        else:
            code = "completed" if match.group("verb").lower() in PAST_VERBS else "ongoing"
        return StatusResult(code, end, match.group().strip())
    return StatusResult("unknown")


_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9\"”„«])")


def status_in_text(
    text: str, *, note_date: datetime.date | None, overriding_only: bool = False
) -> StatusResult:
    """The status a row's own text states, and the sentence that states it (``matched``).

    The ``[[prose]]`` rules of status_phrases.toml, tried in order over the text's sentences;
    ``overriding_only`` keeps to the rules that beat a status from a caption or a lead-in.
    ``StatusResult("unknown")`` when the text says nothing about where the row stands.
    """
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", text or "")).strip()
    if not text:
        return StatusResult("unknown")
    sentences = _SENTENCES.split(text)
    for rule in _status_rules(REFERENCE_DIR, "prose"):
        if overriding_only and not rule.overrides:
            continue
        for sentence in sentences:
            if rule.regex.search(sentence):
                end = map_status(sentence, note_date=note_date).end_date
                return StatusResult(rule.status, end, sentence.strip())
    return StatusResult("unknown")


def _end_date(match: re.Match) -> datetime.date | None:
    groups = match.groupdict()
    try:
        year = int(groups["year"])
    except (KeyError, TypeError, ValueError):
        return None
    month = 12
    if groups.get("month"):
        month = DANISH_MONTHS.get(groups["month"].lower(), 12)
    elif groups.get("part"):
        month = YEAR_PARTS.get(groups["part"].lower(), 12)
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


# Target groups -----------------------------------------------------------------------------


def map_target_groups(text: str, *, fallback_text: str = "") -> list[str]:
    """Target-group slugs for a Målgruppe text, in vocabulary order.

    When ``text`` matches no keyword (or is empty), ``fallback_text`` (a note's title and
    description) is tried; when nothing matches at all, the vocabulary's fallback group.
    """
    groups = _target_groups()
    ignore = _fallback_ignore()
    fallback_text = ignore.sub(" ", fallback_text or "") if ignore else fallback_text
    for candidate in (text or "", fallback_text or ""):
        matched = [g for g in groups if g.regex is not None and g.regex.search(candidate)]
        found = [g.slug for g in matched if not _yields(g, candidate, groups)]
        if found:
            return found
    return [g.slug for g in groups if g.fallback]


def _yields(group: _Group, text: str, groups: tuple[_Group, ...]) -> bool:
    """Whether ``group``'s words in ``text`` mean one of its ``yields_to`` groups instead.

    They do when a ``yields_to`` group is named in the text's first sentence (a title: what the
    row is about), or in every sentence where ``group`` is named; ``kept_by`` words keep it.
    """
    if not group.yields_to or (group.kept_by and group.kept_by.search(text)):
        return False
    others = [g for g in groups if g.slug in group.yields_to and g.regex is not None]
    if not others:
        return False
    sentences = [s for s in _SENTENCES.split(text) if s.strip()]
    if sentences and any(o.regex.search(sentences[0]) for o in others):
        return True
    own = [s for s in sentences if group.regex.search(s)]
    return bool(own) and all(any(o.regex.search(s) for o in others) for s in own)


# Titles ------------------------------------------------------------------------------------


def clean_title(text: str) -> str:
    """A title as the catalogue shows it.

    Markup and a leading "#" or bullet go, whitespace is collapsed, dashes get spaces
    ("CAPTAIN– telefonrådgivning" → "CAPTAIN – telefonrådgivning"), the notes' misspellings are
    fixed ("Tværasektorielt" → "Tværsektorielt") and a final period is dropped unless it ends
    an abbreviation ("m.v.").
    """
    fixes, abbreviations = _spelling()
    title = re.sub(r"<[^>]*>", " ", text or "")
    title = re.sub(r"[*_`]{2,}", "", title)  # Markdown emphasis
    title = re.sub(r"\s+", " ", title).strip()
    title = re.sub(r"^(?:#+|[-•*]\s+|\d+\.\s+(?=\D))\s*", "", title)
    title = re.sub(r"(?<=\w)\s*([–—])\s*(?=\w)", r" \1 ", title)
    for fix in fixes:
        title = fix.regex.sub(lambda m, right=fix.right: _same_case(m.group(), right), title)
    while title.endswith(".") and not _ends_with_abbreviation(title, abbreviations):
        title = title[:-1].rstrip()
    return title.strip()


def _ends_with_abbreviation(title: str, abbreviations: frozenset[str]) -> bool:
    last = title[:-1].rsplit(" ", 1)[-1]
    return last.lower() in abbreviations or last in abbreviations


def _same_case(found: str, right: str) -> str:
    """``right`` written in the case of ``found`` (all capitals, capitalised, or lower)."""
    if found.isupper() and len(found) > 1:
        return right.upper()
    if found[:1].isupper():
        return right[:1].upper() + right[1:]
    return right
