"""Reader for committee agendas printed to PDF text: ``read(text, *, file) -> ReadResult``.

Built for note 003 (Region Hovedstaden, Sundhedskoordinationsudvalget, 19 May 2017), written to
work on any agenda of that shape. It owns, and only reads (pure; never the ORM):

* **Page furniture** – running headers/footers (``Punkt nr. 4 - … /`` and its continuation line,
  ``Bilag 1 - Side -2 af 10``, ``Møde i Sundhedskoordinationsudvalget d. 19-05-2017``) and the
  lone page numbers printed next to them. :func:`strip_page_furniture` blanks them before
  anything else is read, so they never reach a row.
* **Agenda items with numbered projects** – an item is a numbered all-caps heading
  (``5. ORIENTERING OM STATUS PÅ`` + continuation lines); items are numbered consecutively,
  which keeps dates such as ``5. APRIL 2017`` in the bilag from passing for items. Inside an
  item's SAGSFREMSTILLING (or MEDDELELSER) section, lines ``N. Title`` numbered 1, 2, 3 … and
  followed by prose are projects: one row each (``Punkt 5, projekt 1``). Partners are the
  sentences that name organisations; status is the first sentence that says where the project
  stands.
* **"Nye indsatser for hjemtagning … – 2016 og 2017"** – per ``Planområde X`` heading, per
  kommune block (a line that is exactly a kommune name from ``reference/kommuner.csv``): one row
  per kommune and year with initiatives (``Punkt 4, bilag 1, Allerød, 2016``).
* **"Oversigt over kommunernes midlertidige pladser"** (numbers into
  ``facts["midlertidige_pladser"]``) and **"Oversigt over hvilke kommuner, der har etableret
  akutteams"** (a row per kommune that has or plans an akutteam).

Not read: the older "… – 2014 og 2015" table (Bilag 2; its Indsatser and Effektmål columns
interleave line by line, so it is reported in ``facts["skipped"]``) and Midtvejsstatus' status
scheme.

Splitting the 2016 and 2017 columns
-----------------------------------
The PDF text prints the two columns of a kommune block one after the other. Signals, in order:

1. **Empty vs whitespace-only lines.** The extraction separates table cells with truly empty
   lines, while a paragraph break inside a cell is a line holding only spaces. So the block's
   groups (runs of lines between empty lines) are cells; whitespace-only lines stay inside them.
2. **Two groups** → the first is the earlier year, the second the later (the left column is
   printed first). *Confident*, unless the tense says the opposite (the first group reads as
   future – forventer, planlægger, skal, vil, "i 2017" – and the second as past), which makes it
   *uncertain*.
3. **Three groups with a page-break interleave** – when a row runs over a page, the text reads
   [2016 part 1] [2017 part 1 + 2016 part 2] [2017 part 2]; the 2016 continuation inside the
   middle group starts with an indented lower-case line. The split is *confident* when both
   joins read as continuations (each year's first part stops mid-sentence and its second part
   starts in lower case).
4. **One line holding two cells** ("Ingen nye indsatser. Ingen nye indsatser.") – split after
   the first sentence; *confident* only when both halves are whole sentences.
5. Anything else (one group, or more groups without the interleave shape) – the later year starts
   at the first group or line with a later-year cue (future tense, "Med opstart i 2017", a
   numbered list restarting at 1); without a cue everything goes to the earlier year. Always
   *uncertain*.

A year whose text starts "Ingen nye indsatser/tiltag" or "Ingen aktuelle planer" gives no row.
Each block's outcome is listed in ``facts["bilag1_split"]``. The agenda item and bilag numbers in
locators come from the running headers and page labels inside the table ("Punkt nr. 4 - …",
"Bilag 1 - Side …"), read before they are stripped; numbers the pages do not print are never
counted: a bilag without a label is named by its caption, a table by its caption
(``Punkt 4, bilag 1, tabellen »Oversigt over hvilke kommuner, der har etableret akutteams«,
Allerød``).

Grid tables
-----------
Their rows print each cell followed by a space, an empty cell as a space of its own
(:func:`parse_cells`). A row is read when it starts with a known kommune (a name wrapped at its
hyphen is joined; cells on a line of their own below the name are taken for that name). Every
row is checked against its own total and every column against the "I alt" row; what does not
add up, or cannot be read, goes to the warnings and ``facts["unrecovered"]``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from imports.errors import SourceError
from imports.readers.base import ReadResult, ReadWarning, Row, Table, quoted

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "reference"

Line = tuple[int, str]  # (1-based line number, text)

# --- reference data (plain file reads) -------------------------------------------------------


@dataclass(frozen=True)
class Kommune:
    short: str  # "København"
    name: str  # "Københavns Kommune"


@cache
def kommuner() -> dict[str, Kommune]:
    """Every spelling a kommune heading may use (short name and aliases) → the kommune."""
    found: dict[str, Kommune] = {}
    with open(REFERENCE_DIR / "kommuner.csv", encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            kommune = Kommune(short=rec["short"], name=rec["name"])
            for spelling in [rec["short"], *rec["aliases"].split("|")]:
                if spelling.strip():
                    found.setdefault(spelling.strip(), kommune)
    return found


@cache
def _hospital_names() -> dict[str, str]:
    """Hospital and psychiatric-centre names and aliases: lower-cased → as the data spells it."""
    names: dict[str, str] = {}
    with open(REFERENCE_DIR / "hospitals.csv", encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            for spelling in [rec["name"], *rec["aliases"].split("|")]:
                spelling = spelling.strip()
                # Bare abbreviations (RH, AHH) and one-word names would match ordinary words.
                if " " in spelling:
                    names.setdefault(spelling.lower(), spelling)
    return names


@cache
def _hospital_pattern() -> re.Pattern[str]:
    longest_first = sorted(_hospital_names().values(), key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in longest_first)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def hospitals_named(text: str) -> list[str]:
    """Hospital names that ``text`` mentions, in reference spelling, first mention first."""
    spelling = _hospital_names()
    found: list[str] = []
    for match in _hospital_pattern().finditer(" ".join(text.split())):
        name = spelling.get(match.group(0).lower(), match.group(0))
        if name not in found:
            found.append(name)
    return found


# --- page furniture ---------------------------------------------------------------------------

# Running header/footer lines of the printed agenda. Generic on purpose: any item number, any
# bilag and page, any committee and date.
_FURNITURE = (
    # "Punkt nr. 4 - Drøftelse af … /"
    re.compile(r"^\s*Punkt nr\.\s*\d+\s*-\s"),
    # "Bilag 1 - Side -2 af 10"
    re.compile(r"^\s*Bilag\s+\d+\s*-\s*Side\s*-?\s*\d+\s+af\s+\d+\s*$"),
    # "Møde i Sundhedskoordinationsudvalget d. 19-05-2017"
    re.compile(r"^\s*Møde i \S.*\bd\.\s*\d{1,2}-\d{1,2}-\d{4}\s*$"),
)
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}(?:\s+\d{1,3})?\s*$")  # "3", "20 21" (a spread)
_PAGE_NUMBER_REACH = 6


def strip_page_furniture(lines: list[str]) -> list[str]:
    """``lines`` with page headers, footers and page numbers blanked to ``""``.

    The list keeps its length so that line numbers stay those of the note. Furniture is:

    * a running header naming the agenda item (``Punkt nr. 4 - Drøftelse af … /``); when it ends
      with ``/`` the title goes on, so the next line is furniture too;
    * a page label (``Bilag 1 - Side -2 af 10``);
    * a meeting footer (``Møde i Sundhedskoordinationsudvalget d. 19-05-2017``);
    * a lone page number, or a pair for a two-page spread (``20 21``), within a few lines after
      any of these with only blank lines between. A lone number elsewhere may be a table cell, so
      it is left alone.
    """
    out = list(lines)
    i = 0
    while i < len(out):
        if not any(p.match(out[i]) for p in _FURNITURE):
            i += 1
            continue
        continued = out[i].rstrip().endswith("/") and out[i].lstrip().startswith("Punkt nr.")
        out[i] = ""
        if continued and i + 1 < len(out) and out[i + 1].strip():
            i += 1
            out[i] = ""
        j = i + 1
        while j < len(out) and j <= i + _PAGE_NUMBER_REACH:
            if any(p.match(out[j]) for p in _FURNITURE):
                break  # the next furniture line gets its own reach
            if _PAGE_NUMBER.match(out[j]):
                out[j] = ""
            elif out[j].strip():
                break
            j += 1
        i += 1
    return out


# --- text helpers ---------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?:;]\)?\s*$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\"”„«])")
_BULLET = re.compile(r"^(?:[•▪◦·]\s*|[-–+]\s+|(?:[1-9]|1\d)[.)]\s+(?=[A-ZÆØÅ\"”„«]))")


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _join(head: str, tail: str) -> str:
    # A line broken after a hyphen keeps it: "aften-" + "/nattetimer", "rehab-" + "teamet".
    # Soft hyphenation cannot be told from a compound's hyphen here; the normaliser may fix it.
    if len(head) > 1 and head.endswith("-") and head[-2].isalpha():
        return head + tail
    return f"{head} {tail}" if head else tail


def _reflow(texts: list[str]) -> str:
    """Join wrapped lines into one paragraph."""
    out = ""
    for t in texts:
        if t.strip():
            out = _join(out, _tidy(t))
    return out


# Abbreviations that end in a full stop without ending the sentence.
_ABBREVIATIONS = frozenset(
    {"ang", "bl.a", "ca", "d", "dvs", "evt", "f.eks", "fx", "hhv", "ift", "ifm", "ihht"}
    | {"iht", "inkl", "jf", "kr", "mhp", "mht", "ml", "mv", "nr", "pga", "vedr"}
)
# Words a wrapped line may end on but an item never does.
_OPEN_WORDS = frozenset(
    {"af", "at", "de", "den", "der", "det", "en", "et", "eller", "for", "fra", "i", "med"}
    | {"mellem", "og", "om", "på", "samt", "som", "til", "ved"}
)


def _ends_sentence(text: str) -> bool:
    text = text.rstrip()
    if not _SENTENCE_END.search(text):
        return False
    last = text.split()[-1].rstrip(".)").lower() if text.split() else ""
    return not (text.endswith(".") and last in _ABBREVIATIONS)


def _sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for part in _SENTENCE_SPLIT.split(text):
        part = part.strip()
        if not part:
            continue
        if sentences and not _ends_sentence(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {part}"
        else:
            sentences.append(part)
    return sentences


def _starts_upper(text: str) -> bool:
    return bool(text) and (text[0].isupper() or text[0] in '"”„«' or text[0].isdigit())


def _stays_open(text: str) -> bool:
    """A line that cannot end an item: it stops on a comma, hyphen or a joining word."""
    words = text.rstrip().split()
    return not words or text.rstrip()[-1] in ",;-–" or words[-1].lower() in _OPEN_WORDS


def list_items(texts: list[str], *, width: int = 0) -> list[str]:
    """The list items of a cell's lines (wrapped lines joined, bullet marks dropped).

    ``width`` is the column's width in characters (the longest line when not given). A new item
    starts at a bullet (``•``, ``-``, ``+``, ``1)``, ``1.``) or after a whitespace-only line.
    Outside a bulleted item, a line starting in upper case also starts one when the line before
    ended a sentence, or stopped short although the next word would have fitted with room to
    spare (the writer pressed Enter; the margin allows for a proportional font) – unless that
    line stops on a comma or a joining word ("og", "af" …). Inside a bulleted item, lines wrap
    until the next bullet.
    """
    width = width or max([0, *(len(_tidy(t)) for t in texts)])
    items: list[str] = []
    current = ""
    previous = ""
    bulleted = False
    for raw in texts:
        text = _tidy(raw)
        if not text:
            if current:
                items.append(current)
            current = previous = ""
            bulleted = False
            continue
        bullet = _BULLET.match(text)
        first_word = len(text.split()[0])
        if bullet:
            if current:
                items.append(current)
            current = text[bullet.end() :].strip()
            bulleted = True
        elif not current:
            current = text
        elif (
            not bulleted
            and _starts_upper(text)
            and not _stays_open(previous)
            and (
                _ends_sentence(previous)
                or (len(previous) < 0.75 * width and len(previous) + 1 + first_word <= 0.9 * width)
            )
        ):
            items.append(current)
            current = text
        else:
            current = _join(current, text)
        previous = text
    if current:
        items.append(current)
    return [item for item in items if item]


def _sentence_case(caps: str) -> str:
    text = _tidy(caps).lower()
    return text[:1].upper() + text[1:]


# --- agenda items -----------------------------------------------------------------------------

_ITEM_HEADING = re.compile(r"^\s*(\d{1,2})\.\s+(\S.*?)\s*$")


def _is_caps(text: str) -> bool:
    text = text.strip()
    return bool(text) and text == text.upper() and any(c.isalnum() for c in text)


def _is_section_heading(text: str) -> bool:
    text = text.strip()
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 4
        and text == text.upper()
        and not any(c.isdigit() for c in text)
        and len(text) <= 60
    )


@dataclass
class AgendaItem:
    number: int
    title: str  # sentence case
    line: int  # heading line, 1-based
    body_start: int  # 0-based index of the first line after the heading
    end: int  # 0-based index after the item's last line


def agenda_items(lines: list[str]) -> list[AgendaItem]:
    """The agenda's numbered all-caps item headings, numbered consecutively."""
    items: list[AgendaItem] = []
    i = 0
    while i < len(lines):
        match = _ITEM_HEADING.match(lines[i])
        if (
            not match
            or not _is_caps(match.group(2))
            or sum(c.isalpha() for c in match.group(2)) < 3
        ):
            i += 1
            continue
        number = int(match.group(1))
        if items and number != items[-1].number + 1:
            i += 1
            continue
        title = [match.group(2)]
        j = i + 1
        while j < len(lines) and _is_caps(lines[j]) and not _ITEM_HEADING.match(lines[j]):
            title.append(lines[j].strip())
            j += 1
        if items:
            items[-1].end = i
        items.append(AgendaItem(number, _sentence_case(" ".join(title)), i + 1, j, len(lines)))
        i = j
    return items


# Sections of an item that present the case; the others (INDSTILLING, BILAGSFORTEGNELSE …) hold
# no projects.
_CONTENT_SECTIONS = {"SAGSFREMSTILLING", "MEDDELELSER"}
_PROJECT_STATUS = re.compile(
    r"\b(igangsat|i gang|opstartsfase\w*|planlægningsfase\w*|på nuværende tidspunkt|"
    r"i øjeblikket|afsluttet|i drift)\b",
    re.IGNORECASE,
)
_ORGANISATION = re.compile(r"\b(Hospital(?:er)?|Center|PLO|praktiserende læger)\b")
_KOMMUNE_WORD = re.compile(r"\b[Kk]ommuner?\b")
# A paragraph about the projects together ("Projektbeskrivelser for de fire modelprojekter …")
# closes the last project.
_COLLECTIVE = re.compile(r"\b(modelprojekter\w*|projekterne|projektbeskrivelser)\b", re.IGNORECASE)


def _names_kommune(sentence: str) -> bool:
    words = set(re.findall(r"[\wÆØÅæøå-]+", sentence))
    return any(k.short in words for k in kommuner().values()) and bool(
        _KOMMUNE_WORD.search(sentence)
    )


def _is_partner_sentence(sentence: str) -> bool:
    return bool(_ORGANISATION.search(sentence)) or _names_kommune(sentence)


def _paragraphs(lines: list[str], start: int, end: int) -> list[list[Line]]:
    paragraphs: list[list[Line]] = []
    current: list[Line] = []
    for i in range(start, end):
        if lines[i].strip():
            current.append((i + 1, lines[i]))
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _is_heading_like(paragraph: list[Line]) -> bool:
    text = _tidy(paragraph[0][1])
    return (
        len(paragraph) == 1
        and len(text) < 70
        and _starts_upper(text)
        and not _SENTENCE_END.search(text)
    )


def _project_headings(lines: list[str], start: int, end: int) -> list[tuple[int, int, str]]:
    """``(index, number, title)`` of the numbered project headings in ``lines[start:end]``."""
    found: list[tuple[int, int, str]] = []
    expected = 1
    for i in range(start, end):
        match = _ITEM_HEADING.match(lines[i])
        if not match or int(match.group(1)) != expected:
            continue
        title = match.group(2)
        if (
            len(title) > 80
            or not _starts_upper(title)
            or _is_caps(title)
            or re.search(r"[.,:;]$", title)
        ):
            continue
        following = next((lines[j] for j in range(i + 1, end) if lines[j].strip()), "")
        if len(following.strip()) < 50:  # a project is followed by prose, a list is not
            continue
        found.append((i, expected, _tidy(title)))
        expected += 1
    return found if len(found) >= 2 else []


def _item_projects(item: AgendaItem, lines: list[str]) -> list[Row]:
    rows: list[Row] = []
    sections: list[tuple[str, int, int]] = []
    for i in range(item.body_start, item.end):
        if _is_section_heading(lines[i]):
            if sections:
                sections[-1] = (sections[-1][0], sections[-1][1], i)
            sections.append((lines[i].strip(), i + 1, item.end))
    for name, start, end in sections:
        if name not in _CONTENT_SECTIONS:
            continue
        headings = _project_headings(lines, start, end)
        for k, (index, number, title) in enumerate(headings):
            stop = headings[k + 1][0] if k + 1 < len(headings) else end
            paragraphs = _paragraphs(lines, index + 1, stop)
            kept: list[list[Line]] = []
            for p, paragraph in enumerate(paragraphs):
                text = _reflow([t for _, t in paragraph])
                if p and (_is_heading_like(paragraph) or _COLLECTIVE.search(text)):
                    break
                kept.append(paragraph)
            texts = [_reflow([t for _, t in paragraph]) for paragraph in kept]
            last_line = kept[-1][-1][0] if kept else index + 1
            sentences = [s for text in texts for s in _sentences(text)]
            status = next((s for s in sentences if _PROJECT_STATUS.search(s)), "")
            partners = [s for s in sentences if s != status and _is_partner_sentence(s)]
            rows.append(
                Row(
                    locator=f"Punkt {item.number}, projekt {number}",
                    section=item.title,
                    line=index + 1,
                    line_end=last_line,
                    title=title,
                    partners=" ".join(partners),
                    description="\n".join(texts),
                    status=status,
                    extra={"agenda_item": item.number, "project": number},
                )
            )
    return rows


# --- the kommune initiatives table (two year columns) -------------------------------------------

_CAPTION = re.compile(r"^\s*Nye indsatser for\b")
_CAPTION_YEARS = re.compile(r"\b((?:19|20)\d\d)\s+og\s+((?:19|20)\d\d)\b")
_PLANOMRAADE = re.compile(r"^\s*(Planområde\s+(\S.*?))\s*$")
_TABLE_CAPTION = re.compile(r"^\s*Oversigt over\b")
_BILAG_LABEL = re.compile(r"\bBilag\s+(\d+)\s*-\s*Side\b")
_ITEM_LABEL = re.compile(r"^\s*Punkt nr\.\s*(\d+)\s*-\s")
_NOTHING_NEW = re.compile(
    r"^\W*Ingen\s+(nye|aktuelle)\s+(indsatser|tiltag|planer)\b", re.IGNORECASE
)


def _future_cue(y2: int) -> re.Pattern[str]:
    return re.compile(
        rf"\b(forventer|forventes|planlægger|planlægges|planlagt|skal|vil|fremadrettet|"
        rf"opstart i {y2}|i {y2}|fra {y2})\b",
        re.IGNORECASE,
    )


def _past_cue(y1: int) -> re.Pattern[str]:
    return re.compile(
        rf"\b(har|blev|var|etableret|igangsat|opstartet|ibrugtaget|gennem {y1}|i {y1})\b",
        re.IGNORECASE,
    )


def _starts_later_year(text: str, y2: int) -> bool:
    """A group or line that opens with a later-year cue."""
    return bool(
        re.match(
            rf"\W*(forventer|der forventes|planlægger|med opstart i {y2}|i {y2}|fra {y2})\b",
            _tidy(text),
            re.IGNORECASE,
        )
    )


@dataclass
class Split:
    years: dict[int, list[str]]  # year → the cell's lines (whitespace-only lines kept)
    first_line: dict[int, int]  # year → 1-based line where its text starts
    last_line: dict[int, int]  # year → 1-based line where its text ends
    confidence: str  # "confident" | "uncertain"
    reason: str


def _groups(block: list[Line]) -> list[list[Line]]:
    groups: list[list[Line]] = []
    current: list[Line] = []
    for number, text in block:
        if text == "":
            if current:
                groups.append(current)
            current = []
        else:
            current.append((number, text))
    if current:
        groups.append(current)
    trimmed = []
    for group in groups:
        while group and not group[0][1].strip():
            group = group[1:]
        while group and not group[-1][1].strip():
            group = group[:-1]
        if group:
            trimmed.append(group)
    return trimmed


def _continues(before: str, after: str) -> bool:
    """``after`` reads as the continuation of a sentence that ``before`` left open."""
    after = after.strip()
    return bool(after) and after[0].islower() and not _ends_sentence(before)


def split_block(block: list[Line], years: tuple[int, int]) -> Split:
    """Share a kommune block's lines between the two year columns (see the module docstring)."""
    y1, y2 = years
    groups = _groups(block)

    def result(early: list[Line], late: list[Line], confidence: str, reason: str) -> Split:
        chosen = {y1: early, y2: late}
        return Split(
            years={y: [t for _, t in ls] for y, ls in chosen.items()},
            first_line={y: next((n for n, t in ls if t.strip()), 0) for y, ls in chosen.items()},
            last_line={
                y: max((n for n, t in ls if t.strip()), default=0) for y, ls in chosen.items()
            },
            confidence=confidence,
            reason=reason,
        )

    if not groups:
        return result([], [], "uncertain", "empty block")

    if len(groups) == 2:
        early, late = groups
        future, past = _future_cue(y2), _past_cue(y1)
        early_text = _reflow([t for _, t in early])
        late_text = _reflow([t for _, t in late])
        reversed_tense = len(future.findall(early_text)) > len(past.findall(early_text)) and len(
            past.findall(late_text)
        ) > len(future.findall(late_text))
        if reversed_tense:
            return result(early, late, "uncertain", "two cells, but the tense reads reversed")
        return result(early, late, "confident", "two cells")

    if len(groups) == 3:
        first, middle, last = groups
        cut = next(
            (
                k
                for k in range(1, len(middle))
                if middle[k][1][:1].isspace() and _continues(middle[k - 1][1], middle[k][1])
            ),
            None,
        )
        if cut is not None:
            early = first + middle[cut:]
            late = middle[:cut] + last
            joins = [
                _continues(first[-1][1], middle[cut][1]),
                _continues(middle[cut - 1][1], last[0][1]),
            ]
            confidence = "confident" if all(joins) else "uncertain"
            return result(early, late, confidence, "page break interleaves the two cells")

    if len(groups) == 1 and len([t for _, t in groups[0] if t.strip()]) == 1:
        number, text = next((n, t) for n, t in groups[0] if t.strip())
        sentences = _sentences(_tidy(text))
        if len(sentences) >= 2 and _NOTHING_NEW.match(sentences[0]):
            left, right = sentences[0], " ".join(sentences[1:])
            whole = bool(_SENTENCE_END.search(left)) and bool(_SENTENCE_END.search(right))
            confidence = "confident" if whole else "uncertain"
            return result([(number, left)], [(number, right)], confidence, "two cells on one line")

    # No structural split: look for the first group, then the first line, that opens the later year.
    for k in range(1, len(groups)):
        if _starts_later_year(_reflow([t for _, t in groups[k]]), y2) or _restarts_numbering(
            groups[k]
        ):
            early = [line for g in groups[:k] for line in g]
            late = [line for g in groups[k:] for line in g]
            return result(early, late, "uncertain", f"{len(groups)} cells, later year by cue")
    lines = [line for g in groups for line in g]
    seen_number = False
    for k, (_, text) in enumerate(lines):
        number = re.match(r"\s*(\d{1,2})[.)]\s", text)
        if k and (
            (number and number.group(1) == "1" and seen_number)
            or (_starts_later_year(text, y2) and not lines[k - 1][1].strip().endswith(","))
        ):
            return result(lines[:k], lines[k:], "uncertain", "one cell, later year by cue")
        seen_number = seen_number or bool(number)
    return result(lines, [], "uncertain", "no split found; all text given to the earlier year")


def _restarts_numbering(group: list[Line]) -> bool:
    first = next((t for _, t in group if t.strip()), "")
    return bool(re.match(r"\s*1[.)]\s", first))


@dataclass
class _Bilag:
    caption: str
    years: tuple[int, int]
    number: str  # "1" ("" when no page label gives it)
    line: int  # caption line, 1-based
    start: int  # 0-based index after the caption
    end: int  # 0-based index of the next caption or len(lines)
    item: str = ""  # the agenda item it belongs to ("4"), from the running page headers

    @property
    def where(self) -> str:
        """The bilag as a locator names it: "Punkt 4, bilag 1" (only numbers the note prints)."""
        parts = [f"punkt {self.item}"] if self.item else []
        parts.append(f"bilag {self.number}" if self.number else f"bilaget {quoted(self.caption)}")
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]


def _initiative_tables(raw: list[str], lines: list[str]) -> list[_Bilag]:
    found: list[_Bilag] = []
    i = 0
    while i < len(lines):
        if not _CAPTION.match(lines[i]):
            i += 1
            continue
        caption = [lines[i]]
        j = i + 1
        while not _CAPTION_YEARS.search(" ".join(caption)) and j < len(lines) and j <= i + 3:
            if lines[j].strip():
                caption.append(lines[j])
            j += 1
        years = _CAPTION_YEARS.search(" ".join(caption))
        if years:
            found.append(
                _Bilag(
                    caption=_tidy(" ".join(caption)),
                    years=(int(years.group(1)), int(years.group(2))),
                    number="",
                    line=i + 1,
                    start=j,
                    end=len(lines),
                )
            )
            if len(found) > 1:
                found[-2].end = i
        i = j
    for bilag in found:
        # The page labels and headers (stripped as furniture) still tell which bilag of which
        # agenda item a table belongs to.
        pages = raw[bilag.start : bilag.end]
        bilag.number = next((m.group(1) for t in pages if (m := _BILAG_LABEL.search(t))), "")
        bilag.item = next((m.group(1) for t in pages if (m := _ITEM_LABEL.match(t))), "")
    return found


@dataclass
class _Block:
    kommune: Kommune
    planomraade: str  # "Nord"
    heading: str  # "Planområde Nord"
    line: int
    lines: list[Line] = field(default_factory=list)


def _kommune_heading(text: str) -> Kommune | None:
    return kommuner().get(text.strip()) if text.strip() else None


def _read_initiatives(
    bilag: _Bilag, lines: list[str], result: ReadResult
) -> tuple[list[_Block], int]:
    """The kommune blocks of one initiatives table, and where the table's text ends."""
    blocks: list[_Block] = []
    heading: tuple[str, str] | None = None
    current: _Block | None = None
    end = bilag.end
    for i in range(bilag.start, bilag.end):
        text = lines[i]
        planomraade = _PLANOMRAADE.match(text)
        if planomraade:
            heading = (_tidy(planomraade.group(1)), _tidy(planomraade.group(2)))
            current = None
            continue
        if heading is None:
            continue
        if _TABLE_CAPTION.match(text):
            end = i
            break
        kommune = _kommune_heading(text)
        if kommune:
            current = _Block(kommune, heading[1], heading[0], i + 1)
            blocks.append(current)
        elif current is not None:
            current.lines.append((i + 1, text))
    if not blocks:
        result.facts.setdefault("skipped", []).append(
            {
                "caption": bilag.caption,
                "bilag": bilag.number,
                "line": bilag.line,
                "reason": "no 'Planområde' headings with kommune blocks under it; "
                "this reader reads only that layout",
            }
        )
        result.warnings.append(
            ReadWarning(
                bilag.line,
                f"table not read (no planområde/kommune blocks): {bilag.caption}",
                bilag.where,
            )
        )
    return blocks, end


def _initiative_rows(bilag: _Bilag, blocks: list[_Block], result: ReadResult) -> None:
    y1, y2 = bilag.years
    # The note asks which initiatives the kommuner "har igangsat i 2016 eller planlægger i 2017".
    status_word = {y1: "igangsat", y2: "planlagt"}
    summary = result.facts.setdefault(
        f"bilag{bilag.number}_split", {"confident": 0, "uncertain": 0, "blocks": []}
    )
    result.tables.append(
        Table(caption=bilag.caption, header=["Kommune", str(y1), str(y2)], line=bilag.line)
    )
    splits = [split_block(block.lines, bilag.years) for block in blocks]
    # A cell's own lines understate the column width when its items are short, so measure
    # each year's column over the whole table.
    width = {
        year: max([0, *(len(_tidy(t)) for split in splits for t in split.years[year])])
        for year in (y1, y2)
    }
    for block, split in zip(blocks, splits, strict=True):
        summary[split.confidence] += 1
        years_with_rows = []
        for year in (y1, y2):
            items = list_items(split.years[year], width=width[year])
            text = " ".join(items)
            if not items or _NOTHING_NEW.match(text):
                continue
            years_with_rows.append(year)
            locator = f"{bilag.where}, {block.kommune.short}, {year}"
            result.rows.append(
                Row(
                    locator=locator,
                    section=f"Nye indsatser for hurtig hjemtagning – {block.heading}",
                    line=split.first_line[year] or block.line,
                    line_end=split.last_line[year] or block.line,
                    title=f"Nye indsatser for hurtig hjemtagning i {block.kommune.name} {year}",
                    partners=", ".join([block.kommune.name, *hospitals_named(text)]),
                    description="\n".join(items),
                    status=f"{year}: {status_word[year]}",
                    extra={
                        "kommune": block.kommune.short,
                        "year": year,
                        "planomraade": block.planomraade,
                        "split": split.confidence,
                    },
                )
            )
            if split.confidence == "uncertain":
                result.warnings.append(
                    ReadWarning(
                        split.first_line[year] or block.line,
                        f"the {y1}/{y2} columns could not be told apart with confidence "
                        f"({split.reason}); check which year this text belongs to",
                        locator,
                    )
                )
        summary["blocks"].append(
            {
                "kommune": block.kommune.short,
                "planomraade": block.planomraade,
                "line": block.line,
                "split": split.confidence,
                "reason": split.reason,
                "years": years_with_rows,
            }
        )
        result.tables[-1].rows += len(years_with_rows)


# --- grid tables: midlertidige pladser and akutteams -----------------------------------------

_TOTAL_ROW = re.compile(r"^\s*I alt\b")
_MIDLERTIDIGE_CAPTION = re.compile(r"^\s*Oversigt over .*midlertidige pladser", re.IGNORECASE)
_AKUTTEAM_CAPTION = re.compile(r"^\s*Oversigt over .*akutteam", re.IGNORECASE)
_MIDLERTIDIGE_GROUPS = ("akut", "rehabilitering", "midlertidigt_ophold_aflastning", "i_alt")
_MIDLERTIDIGE_HEADER_WORDS = (
    "Akut",
    "Rehabilitering",
    "Midlertidig",
    "I alt",
    "Planlagte",
    "Enheder",
    "pladser",
)
_AKUTTEAM_COLUMNS = ("Har akutteam", "Har ikke", "Planlægger")


def parse_cells(rest: str, columns: int) -> tuple[list[str | None], str]:
    """The cells of a table row after its name, and any text left over.

    The PDF text prints each cell followed by one space and an empty cell as a space of its own,
    so two spaces in a row mean an empty cell ("Bornholm     1 29" starts with two empty cells).
    A single space before a value is padding ("37  4-8").
    """
    cells: list[str | None] = []
    i = 1 if rest.startswith(" ") else 0  # the separator after the row name
    while i < len(rest) and len(cells) < columns:
        if rest.startswith("  ", i):
            cells.append(None)
            i += 2
        elif rest[i] == " ":
            i += 1
        else:
            j = rest.find(" ", i)
            j = len(rest) if j < 0 else j
            cells.append(rest[i:j])
            i = j + 1
    leftover = rest[i:].strip()
    return cells + [None] * (columns - len(cells)), leftover


def _kommune_prefix(text: str) -> tuple[Kommune, str] | None:
    """The kommune a table row starts with, and the rest of the row."""
    best: tuple[Kommune, str] | None = None
    best_len = 0
    for spelling, kommune in kommuner().items():
        if text.startswith(spelling) and len(spelling) > best_len:
            rest = text[len(spelling) :]
            if not rest or rest[0] == " ":
                best, best_len = (kommune, rest), len(spelling)
    return best


@dataclass
class _GridRow:
    kommune: Kommune | None  # None for the "I alt" row
    line: int
    cells: list[str | None]
    leftover: str
    separate: bool  # the cells stood on a line of their own, below the name
    last_line: int = 0  # 1-based line of the row's cells (below the name when separate)


def _grid_rows(
    lines: list[str], start: int, end: int, columns: int
) -> tuple[list[_GridRow], list[str], list[Line], int]:
    """Rows from ``lines[start:end]`` up to and including ``I alt``, the footnote lines after it,
    the lines that are neither, and where the table ends."""
    rows: list[_GridRow] = []
    notes: list[str] = []
    stray: list[Line] = []
    pending: tuple[Kommune, int] | None = None
    i = start
    total_seen = False
    while i < end:
        text = lines[i]
        if not text.strip():
            i += 1
            continue
        if total_seen:
            if _TABLE_CAPTION.match(text) or _CAPTION.match(text):
                break
            notes.append(_tidy(text))
            i += 1
            continue
        if _TOTAL_ROW.match(text):
            cells, leftover = parse_cells(text.strip()[len("I alt") :], columns)
            rows.append(_GridRow(None, i + 1, cells, leftover, False))
            total_seen = True
            i += 1
            continue
        name_line = i + 1
        prefix = _kommune_prefix(text)
        # A name wrapped at its hyphen ("Lyngby-" / "Taarbæk").
        if prefix is None and text.rstrip().endswith("-"):
            k = next((k for k in range(i + 1, end) if lines[k].strip()), None)
            if k is not None:
                joined = text.rstrip() + lines[k].lstrip()
                prefix = _kommune_prefix(joined)
                if prefix:
                    i = k
        if prefix is not None:
            kommune, rest = prefix
            cells, leftover = parse_cells(rest, columns)
            if all(c is None for c in cells) and not leftover:
                # Maybe the cells follow on a line of their own; decide when we see it.
                pending = (kommune, len(rows))
            else:
                pending = None
            rows.append(_GridRow(kommune, name_line, cells, leftover, False, i + 1))
        elif pending is not None:
            cells, leftover = parse_cells(text, columns)
            kommune, index = pending
            rows[index] = _GridRow(kommune, rows[index].line, cells, leftover, True, i + 1)
            pending = None
        else:
            stray.append((i + 1, _tidy(text)))
        i += 1
    return rows, notes, stray, i


def _number(cell: str | None) -> int | str | None:
    if cell is None:
        return None
    return int(cell) if cell.isdigit() else cell


def _sum(values: list[int | str | None]) -> int:
    return sum(v for v in values if isinstance(v, int))


def _columns(record: dict) -> list[int | str | None]:
    values = [record[g][k] for g in _MIDLERTIDIGE_GROUPS for k in ("enheder", "pladser")]
    return [*values, record["planlagte_udvidelser"]]


def _check_midlertidige_totals(
    table: dict[str, dict], total: dict, where: str, result: ReadResult
) -> None:
    """Compare the column sums with the 'I alt' row, and say which row explains a difference."""
    names = [f"{g}/{k}" for g in _MIDLERTIDIGE_GROUPS for k in ("enheder", "pladser")]
    names.append("planlagte_udvidelser")
    sums = [_sum([_columns(r)[c] for r in table.values()]) for c in range(len(names))]
    stated = [v if isinstance(v, int) else 0 for v in _columns(total)]
    difference = [a - b for a, b in zip(sums, stated, strict=True)]
    texts = [
        f"{kommune}: {v}" for kommune, r in table.items() for v in _columns(r) if isinstance(v, str)
    ]
    check: dict = {
        "match": not any(difference),
        "difference": dict(zip(names, difference, strict=True)),
    }
    if texts:
        check["not_summed"] = texts
    if any(difference):
        left_out = [
            kommune
            for kommune, r in table.items()
            if [v if isinstance(v, int) else 0 for v in _columns(r)] == difference
        ]
        if left_out:
            check["left_out"] = left_out
            message = (
                f"midlertidige pladser: the 'I alt' row leaves out {', '.join(left_out)} "
                "(the column sums exceed it by exactly that row)"
            )
        else:
            message = "midlertidige pladser: column sums differ from the 'I alt' row: " + ", ".join(
                f"{n} {s} vs {t}"
                for n, s, t, d in zip(names, sums, stated, difference, strict=True)
                if d
            )
        result.warnings.append(ReadWarning(total["line"], message, where))
    result.facts["midlertidige_pladser_totals"] = check


def _read_midlertidige(
    lines: list[str], start: int, end: int, where: str, result: ReadResult
) -> int:
    caption = _tidy(lines[start])
    unrecovered = result.facts.setdefault("unrecovered", [])
    first_row = next((i for i in range(start + 1, end) if _kommune_prefix(lines[i])), None)
    header = " ".join(_tidy(t) for t in lines[start + 1 : first_row or start + 1])
    missing = [w for w in _MIDLERTIDIGE_HEADER_WORDS if w not in header]
    if first_row is None or missing:
        result.warnings.append(
            ReadWarning(start + 1, f"table not read: its header lacks {missing or 'rows'}", where)
        )
        unrecovered.append(f"line {start + 1}: {caption} (header not recognised)")
        return start + 1
    rows, notes, stray, stop = _grid_rows(lines, first_row, end, 9)
    unrecovered.extend(f"line {n}: not a kommune row of '{caption}': {t}" for n, t in stray)
    table: dict[str, dict] = {}
    total: dict | None = None
    for row in rows:
        values = [_number(c) for c in row.cells]
        record: dict = {
            group: {"enheder": values[2 * g], "pladser": values[2 * g + 1]}
            for g, group in enumerate(_MIDLERTIDIGE_GROUPS)
        }
        record["planlagte_udvidelser"] = values[8]
        parts = [record[g] for g in _MIDLERTIDIGE_GROUPS[:3]]
        record["sums_check"] = all(
            _sum([p[kind] for p in parts]) == (record["i_alt"][kind] or 0)
            for kind in ("enheder", "pladser")
        )
        record["line"] = row.line
        name = row.kommune.short if row.kommune else "I alt"
        if row.leftover or not any(v is not None for v in values):
            unrecovered.append(
                f"line {row.line}: midlertidige pladser for {name}: "
                f"cells not readable ({row.leftover or 'empty'})"
            )
            continue
        if not record["sums_check"]:
            result.warnings.append(
                ReadWarning(
                    row.line,
                    f"midlertidige pladser for {name}: the parts do not add up "
                    "to 'I alt'; check the columns",
                    where,
                )
            )
        if row.kommune is None:
            total = record
        else:
            table[row.kommune.short] = record
    result.facts["midlertidige_pladser"] = table
    if notes:
        result.facts.setdefault("table_notes", {})["midlertidige_pladser"] = " ".join(notes)
    if total is not None:
        result.facts["midlertidige_pladser_i_alt"] = total
        _check_midlertidige_totals(table, total, where, result)
    result.tables.append(
        Table(
            caption=caption,
            header=[
                "Kommune",
                *[f"{g} {k}" for g in _MIDLERTIDIGE_GROUPS for k in ("enheder", "pladser")],
                "planlagte_udvidelser",
            ],
            line=start + 1,
            rows=len(table),
        )
    )
    return stop


def _read_akutteams(lines: list[str], start: int, end: int, where: str, result: ReadResult) -> int:
    caption = _tidy(lines[start])
    table = f"{where}, tabellen {quoted(caption)}"  # the note does not number it
    unrecovered = result.facts.setdefault("unrecovered", [])
    header_index = next((i for i in range(start + 1, end) if lines[i].strip()), None)
    header = _tidy(lines[header_index]) if header_index is not None else ""
    positions = [header.find(c) for c in _AKUTTEAM_COLUMNS]
    if header_index is None or -1 in positions or positions != sorted(positions):
        result.warnings.append(
            ReadWarning(
                start + 1,
                f"table not read: header is not {list(_AKUTTEAM_COLUMNS)}",
                where,
            )
        )
        unrecovered.append(f"line {start + 1}: {caption} (header not recognised)")
        return start + 1
    rows, notes, stray, stop = _grid_rows(lines, header_index + 1, end, len(_AKUTTEAM_COLUMNS))
    unrecovered.extend(f"line {n}: not a kommune row of '{caption}': {t}" for n, t in stray)
    footnotes: dict[str, str] = {}
    mark = ""
    for note in notes:
        if note.startswith("*"):
            mark = note[: len(note) - len(note.lstrip("*"))]
            footnotes[mark] = note.lstrip("* ").strip()
        elif mark:  # the footnote wraps onto this line
            footnotes[mark] = f"{footnotes[mark]} {note}"
    marks: dict[str, dict] = {}
    separate: list[_GridRow] = []
    total: _GridRow | None = None
    for row in rows:
        if row.kommune is None:
            total = row
            continue
        what = f"akutteam for {row.kommune.short}"
        chosen = [col for col, cell in zip(_AKUTTEAM_COLUMNS, row.cells, strict=True) if cell]
        if row.leftover or not chosen:
            problem = (
                f"cells not readable ({row.leftover})" if row.leftover else "no column is marked"
            )
            unrecovered.append(f"line {row.line}: {what}: {problem}")
            result.warnings.append(
                ReadWarning(row.line, f"{what}: {problem}", f"{table}, {row.kommune.short}")
            )
            continue
        fact: dict = {"columns": chosen, "line": row.line}
        for cell in row.cells:
            mark = (cell or "").lstrip("0123456789")
            if mark in footnotes:
                fact["note"] = footnotes[mark]
        marks[row.kommune.short] = fact
        if row.separate:
            separate.append(row)
    totals_match = None
    if total is not None:
        counted = [
            sum(col in fact["columns"] for fact in marks.values()) for col in _AKUTTEAM_COLUMNS
        ]
        stated = [_number((c or "").rstrip("*")) for c in total.cells]
        totals_match = counted == stated
        if not totals_match:
            result.warnings.append(
                ReadWarning(
                    total.line,
                    f"akutteams: columns count {counted}, the 'I alt' row says {stated}",
                    table,
                )
            )
    for row in separate:
        # The mark stood on a line of its own, below the name: its column rests on spacing alone,
        # so keep it only when the 'I alt' row agrees.
        if totals_match:
            marks[row.kommune.short]["checked"] = "mark on its own line; the 'I alt' row agrees"
        else:
            unrecovered.append(
                f"line {row.line}: akutteam for {row.kommune.short}: "
                "the mark stands on its own line and the 'I alt' row does not confirm it"
            )
            marks.pop(row.kommune.short)
    result.facts["akutteams"] = marks
    result.facts["akutteams_totals_match"] = totals_match
    section = caption
    count = 0
    for row in rows:
        if row.kommune is None or row.kommune.short not in marks:
            continue
        cols = marks[row.kommune.short]["columns"]
        status = []
        if "Har akutteam" in cols:
            status.append("Har akutteam")
        if "Planlægger" in cols:
            status.append("Planlægger akutteam")
        if not status:
            continue
        count += 1
        result.rows.append(
            Row(
                locator=f"{table}, {row.kommune.short}",
                section=section,
                line=row.line,
                line_end=row.last_line or row.line,
                title=f"Akutteam i {row.kommune.name}",
                partners=row.kommune.name,
                status="; ".join(status),
                extra={"kommune": row.kommune.short},
            )
        )
    result.tables.append(
        Table(caption=caption, header=["Kommune", *_AKUTTEAM_COLUMNS], line=start + 1, rows=count)
    )
    return stop


# --- entry point ------------------------------------------------------------------------------


def read(text: str, *, file: str) -> ReadResult:
    """Rows from an agenda note: item projects, kommune initiatives per year, akutteams."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = strip_page_furniture(raw)
    items = agenda_items(lines)
    if not items:
        raise SourceError(
            "no agenda item found (a numbered all-caps heading such as "
            "'5. ORIENTERING OM STATUS PÅ SAMARBEJDSMODELPROJEKTER')",
            file=file,
            line=1,
            column=1,
        )
    result = ReadResult(facts={"unrecovered": []})
    for item in items:
        result.rows.extend(_item_projects(item, lines))

    for bilag in _initiative_tables(raw, lines):
        blocks, end = _read_initiatives(bilag, lines, result)
        if blocks:
            _initiative_rows(bilag, blocks, result)
        i = end
        while i < bilag.end:
            if _MIDLERTIDIGE_CAPTION.match(lines[i]):
                i = max(i + 1, _read_midlertidige(lines, i, bilag.end, bilag.where, result))
            elif _AKUTTEAM_CAPTION.match(lines[i]):
                i = max(i + 1, _read_akutteams(lines, i, bilag.end, bilag.where, result))
            else:
                i += 1
    return result
