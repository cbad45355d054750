"""Reader for grant reports that list the "laboratories" the grant paid for (004).

This module owns reading such a report (markdown): one ``Row`` per ``- Laboratorium N – Title:``
list item, with the item's paragraph as its description and the heading it stands under as its
section; the grant itself (amount, grantor, year, period, purpose and the budget table) as
``facts["funding"]``; and one umbrella ``Row`` (locator ``Bevilling``) for the collaboration the
grant paid for, which every laboratory row is ``part_of``.

Converted PDFs repeat the sender's letterhead at page breaks, here in the middle of the list; the
letterhead belongs to no item and is no section.
"""

import copy
import re
from dataclasses import dataclass, field

from imports.errors import SourceError

from .base import ReadResult, ReadWarning, Row, Table, cut_off_warning
from .tables import FoundTable, clean_cell, find_tables, heading_text, split_row, vocabulary

UMBRELLA = "Bevilling"

_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_LABORATORY = re.compile(
    r"^\s*[-*+]\s+Laboratorium\s+(?P<number>\d+)\s*[-–—]\s*(?P<title>[^:]*?)\s*"
    r"(?::\s*(?P<rest>.*?))?\s*$"
)
# "Parterne i Randers-klyngen fik i 2014 bevilliget 264.400 kr. fra X til Y."
_GRANT = re.compile(
    r"\b(?:fik|modtog)\s+i\s+(?P<year>\d{4})\s+(?:bevil+i?get\s+)?(?P<amount>\d[\d.]*(?:,\d+)?)"
    r"\s*kr\.?\s+fra\s+(?P<granted_by>.+?)\s+til\s+(?P<purpose>.+?)\.(?=\s|$)"
)
_PERIOD = re.compile(r"\bi\s+perioden\s+(?P<start>\d{4})\s*[-–]\s*(?P<end>\d{4})\b")
_AMOUNT = re.compile(r"(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?\s*(?:kr\b|$)")
_KLYNGE = re.compile(r"\b\w[\w-]*klyngen\b")
# "Beskrivelse af sundhedsstrategisk ledelse og resultater i …" names what the grant paid for.
_SUBJECT_HEADING = re.compile(r"^Beskrivelse af (?P<subject>.+?)(?:\s+(?:og|i|for|med)\s.*)?$")
_TOTAL_ROW = {"total", "i alt", "sum"}

# Field labels of a Danish municipal letterhead, by which a repeated letterhead is recognised.
_LETTERHEAD_LABELS = {
    "postadresse",
    "besøgsadresse",
    "personlig henvendelse",
    "sagsbehandler",
    "kontaktperson",
    "sagsnr",
    "journalnr",
    "dokument nr",
    "dok.nr",
    "cpr./cvr-nr./ejd.nr",
    "cvr-nr",
}
# Letterhead lines are short: addresses, phone numbers, e-mails, a date.
_LETTERHEAD_LINE_LENGTH = 60


@dataclass
class _Block:
    """A run of non-blank lines: a heading, a list item (with its paragraphs) or prose."""

    line: int  # 1-based line of the block's first line
    kind: str  # "heading", "item", "row" or "text"
    section: str  # the heading in force where the block starts (a heading's own text)
    paragraphs: list[list[str]] = field(default_factory=list)
    end: int = 0  # 1-based line of the block's last line

    @property
    def text(self) -> str:
        return "\n\n".join(clean_cell(" ".join(lines)) for lines in self.paragraphs)


def read(text: str, *, file: str) -> ReadResult:
    """The laboratories, the grant and its umbrella collaboration in a grant report.

    Raises ``SourceError`` for a note without any laboratory item and for the table errors of
    ``tables.find_tables`` (line and cell column).
    """
    lines = text.split("\n")
    letterhead = _letterhead_lines(lines)
    body = ["" if index in letterhead else line for index, line in enumerate(lines)]
    blocks = _blocks(body)
    laboratories = [row for block in blocks if (row := _laboratory(block))]
    if not laboratories:
        raise SourceError(
            'no laboratory found: no list item like "- Laboratorium 6 - Title:"',
            file=file,
            line=1,
            column=1,
        )
    # The prose that leads into the list says where the laboratories stand ("Der er i perioden
    # 2014-2017 gennemført følgende laboratorier:"); it is each item's status as the note has it.
    lead_in = _lead_in(blocks, laboratories[0].line)
    for row in laboratories:
        row.status = lead_in
        row.status_from = "lead_in"
    result = ReadResult()
    funding, budget_end = _funding(blocks, "\n".join(body), file=file, result=result)
    umbrella = _umbrella(blocks, funding, budget_end) if funding else None
    if umbrella:
        result.rows.append(umbrella)
        for row in laboratories:
            row.part_of = UMBRELLA
    if funding:
        result.facts["funding"] = funding
    result.rows.extend(laboratories)
    warning = cut_off_warning(
        text, laboratories[-1], "the note ends in the middle of this item: it may be cut off"
    )
    if warning:
        result.warnings.append(warning)
    return result


def _lead_in(blocks: list[_Block], first_item_line: int) -> str:
    """The prose block right before the first list item, when it introduces the list (ends ":")."""
    before = [b for b in blocks if b.line < first_item_line and b.kind != "heading"]
    if before and before[-1].kind == "text" and before[-1].text.endswith(":"):
        return before[-1].text
    return ""


def _letterhead_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines of letterhead blocks: a label line and the short lines around it."""
    letterhead: set[int] = set()
    index = 0
    while index < len(lines):
        if not _is_letterhead_label(lines[index]):
            index += 1
            continue
        end = index
        while end < len(lines) and (
            _is_letterhead_label(lines[end]) or _is_letterhead_line(lines[end])
        ):
            end += 1
        letterhead.update(range(index, end))
        index = end
    return letterhead


def _is_letterhead_label(line: str) -> bool:
    return heading_text(line).casefold().rstrip(".: ") in _LETTERHEAD_LABELS


def _is_letterhead_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return True
    return not (
        len(stripped) > _LETTERHEAD_LINE_LENGTH
        or stripped.endswith((".", ":"))
        or _HEADING.match(line)
        or _LIST_ITEM.match(line)
        or split_row(line)
    )


def _blocks(lines: list[str]) -> list[_Block]:
    """The note as blocks; an item's text ends at a blank line unless an indented line follows."""
    blocks: list[_Block] = []
    current: _Block | None = None
    section = ""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            current = None
            continue
        kind = _kind(line)
        if kind == "text" and current and current.kind in ("item", "text"):
            current.paragraphs[-1].append(line)  # a lazy continuation line
            current.end = number
        elif (
            kind == "text"
            and current is None
            and blocks
            and blocks[-1].kind == "item"
            and (line.startswith("  "))
        ):
            current = blocks[-1]
            current.paragraphs.append([line])  # an indented paragraph of the item above
            current.end = number
        else:
            if kind == "heading":
                section = heading_text(line)
            current = _Block(
                line=number, kind=kind, section=section, paragraphs=[[line]], end=number
            )
            blocks.append(current)
    return blocks


def _kind(line: str) -> str:
    if _HEADING.match(line):
        return "heading"
    if _LIST_ITEM.match(line):
        return "item"
    return "row" if split_row(line) else "text"


def _laboratory(block: _Block) -> Row | None:
    match = _LABORATORY.match(block.paragraphs[0][0]) if block.kind == "item" else None
    if not match:
        return None
    # The item line is "- Laboratorium N – Title:"; its text follows on the next lines.
    first = [match["rest"] or "", *block.paragraphs[0][1:]]
    description = _Block(block.line, "text", block.section, [first, *block.paragraphs[1:]]).text
    return Row(
        locator=f"Laboratorium {match['number']}",
        section=block.section,
        line=block.line,
        line_end=block.end,
        title=clean_cell(match["title"]),
        description=description,
    )


def parse_amount(text: str) -> int | None:
    """A Danish amount as whole kroner: ``"264.400 kr."`` → ``264400``; ``None`` if none."""
    match = _AMOUNT.search(text)
    return int(match["whole"].replace(".", "")) if match else None


def _first_match(
    blocks: list[_Block], pattern: re.Pattern
) -> tuple[_Block | None, re.Match | None]:
    """The first prose block that ``pattern`` finds something in, and what it found."""
    for block in blocks:
        if block.kind == "text" and (match := pattern.search(block.text)):
            return block, match
    return None, None


def _funding(blocks: list[_Block], text: str, *, file: str, result: ReadResult) -> tuple[dict, int]:
    """The grant as the prose and the budget table report it (``{}`` if the note has neither),
    and the budget table's last line (0 without one)."""
    funding: dict = {}
    _, grant = _first_match(blocks, _GRANT)
    if grant:
        funding.update(
            amount=parse_amount(grant["amount"]),
            granted_by=grant["granted_by"],
            granted_year=int(grant["year"]),
        )
    _, period = _first_match(blocks, _PERIOD)
    if period:
        funding["period"] = f"{period['start']}-{period['end']}"
    if grant:
        funding["purpose"] = grant["purpose"]
    budget = find_tables(text, vocabulary=vocabulary("budget"), file=file)
    if budget:
        funding.update(_budget_lines(budget[0], result))
    budget_end = max([budget[0].line, *(n for n, _ in budget[0].rows)]) if budget else 0
    return funding, budget_end


def _budget_lines(table: FoundTable, result: ReadResult) -> dict:
    lines, total, total_line = [], None, 0
    for number, cells in table.rows:
        values = dict(zip(table.fields, cells, strict=True))
        amounts = {
            "budget": parse_amount(values.get("budget", "")),
            "spent": parse_amount(values.get("spent", "")),
        }
        activity = values.get("activity", "")
        if activity.casefold().rstrip(":") in _TOTAL_ROW:
            total, total_line = amounts, number
        else:
            lines.append({"activity": activity, **amounts})
    result.tables.append(
        Table(caption=table.caption, header=table.header, line=table.line, rows=len(lines))
    )
    for column, stated in (total or {}).items():
        amounts = [line[column] for line in lines]
        if stated is not None and None not in amounts and sum(amounts) != stated:
            result.warnings.append(
                ReadWarning(
                    line=total_line,
                    message=f"budget total {column} {stated} is not the sum of its lines "
                    f"({sum(amounts)})",
                )
            )
    return {"lines": lines, "total": total} if total else {"lines": lines}


def _umbrella(blocks: list[_Block], funding: dict, budget_end: int) -> Row | None:
    """The collaboration the grant paid for, named after what the report describes.

    Its lines run from the grant's sentence to the last line its description or budget came from.
    """
    headings = [block for block in blocks if block.kind == "heading"]
    subject_heading = next(
        (block for block in headings if _SUBJECT_HEADING.match(block.section)), None
    )
    klynge = _KLYNGE.search(headings[0].section) if headings else None
    if subject_heading:
        subject = _SUBJECT_HEADING.match(subject_heading.section)["subject"]
        title = subject[:1].upper() + subject[1:] + (f" i {klynge[0]}" if klynge else "")
    elif funding.get("purpose"):
        title = funding["purpose"][:1].upper() + funding["purpose"][1:]
    else:
        return None
    grant, _ = _first_match(blocks, _GRANT)
    anchor = grant or subject_heading
    described = _subject_description(blocks, subject_heading, grant)
    return Row(
        locator=UMBRELLA,
        section=anchor.section,
        line=anchor.line,
        line_end=max([anchor.end, budget_end, *(block.end for block in described)]),
        title=title,
        description="\n\n".join(block.text for block in described),
        funding=copy.deepcopy(funding),
        umbrella=True,
    )


def _subject_description(blocks, subject_heading, grant) -> list[_Block]:
    """The prose blocks under the subject heading up to the first list, without lead-ins
    ("…:"); the grant's own block when there is no subject heading."""
    if subject_heading is None:
        return [grant] if grant else []
    described = []
    for block in blocks[blocks.index(subject_heading) + 1 :]:
        if block.kind != "text":
            break
        if not block.text.endswith(":"):
            described.append(block)
    return described
