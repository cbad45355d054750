"""Kommune tables in two year columns ("Nye indsatser for hjemtagning … – 2016 og 2017").

Per group heading (``Planområde Nord``), per kommune block (a line that is exactly a kommune's
name or alias from ``reference/kommuner.csv``): one row per kommune and year with initiatives
(``Bilag 1, Allerød, 2016``). Captions, headings, templates and status words are in
``agenda.toml`` (``kind = "year_columns"``).

Splitting the two columns
-------------------------
The PDF text prints the two columns of a kommune block one after the other. Signals, in order:

1. **Empty vs whitespace-only lines.** The extraction separates table cells with truly empty
   lines, while a paragraph break inside a cell is a line holding only spaces. So the block's
   groups (runs of lines between empty lines) are cells; whitespace-only lines stay inside them.
2. **Two groups** → the first is the earlier year, the second the later (the left column is
   printed first). *Confident*, unless the tense says the opposite (the first group reads as
   future and the second as past; the cue words are data), which makes it *uncertain*.
3. **Three groups with a page-break interleave** – when a row runs over a page, the text reads
   [year 1 part 1] [year 2 part 1 + year 1 part 2] [year 2 part 2]; the year-1 continuation
   inside the middle group starts with an indented lower-case line. The split is *confident*
   when both joins read as continuations.
4. **One line holding two cells** ("Ingen nye indsatser. Ingen nye indsatser.") – split after
   the first sentence; *confident* only when both halves are whole sentences.
5. Anything else – the later year starts at the first group or line with a later-year cue;
   without a cue everything goes to the earlier year. Always *uncertain*.

A year whose text starts "Ingen nye indsatser/tiltag" (``nothing_new``) gives no row. Each
block's outcome is listed in ``facts["bilag<N>_split"]``; an uncertain split warns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from imports import reference
from imports.readers.base import ReadResult, ReadWarning, Row, Table, Unread

from . import spec as spec_module
from .ranges import TableRange
from .spec import TableSpec
from .text import SENTENCE_END, Line, ends_sentence, list_items, reflow, sentences, tidy


def default_spec() -> TableSpec:
    """The first ``year_columns`` kind of agenda.toml."""
    return next(t for t in spec_module.load().tables if t.kind == "year_columns")


def _starts_later_year(text: str, spec: TableSpec, y1: int, y2: int) -> bool:
    """A group or line that opens with a later-year cue."""
    openers = spec.cues(spec.later_year_openers, earlier=y1, later=y2)
    return bool(re.match(r"\W*" + openers.pattern, tidy(text), re.IGNORECASE))


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
    return bool(after) and after[0].islower() and not ends_sentence(before)


def split_block(block: list[Line], years: tuple[int, int], spec: TableSpec | None = None) -> Split:
    """Share a kommune block's lines between the two year columns (see the module docstring)."""
    spec = spec or default_spec()
    y1, y2 = years
    groups = _groups(block)
    nothing_new = spec.nothing_new or re.compile(r"(?!)")

    def result(early: list[Line], late: list[Line], confidence: str, reason: str) -> Split:
        chosen = {y1: early, y2: late}
        return Split(
            years={y: [t for _, t in ls] for y, ls in chosen.items()},
            first_line={y: next((n for n, t in ls if t.strip()), 0) for y, ls in chosen.items()},
            last_line={
                y: next((n for n, t in reversed(ls) if t.strip()), 0) for y, ls in chosen.items()
            },
            confidence=confidence,
            reason=reason,
        )

    if not groups:
        return result([], [], "uncertain", "empty block")

    if len(groups) == 2:
        early, late = groups
        future = spec.cues(spec.future_cues, earlier=y1, later=y2)
        past = spec.cues(spec.past_cues, earlier=y1, later=y2)
        early_text = reflow([t for _, t in early])
        late_text = reflow([t for _, t in late])
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
        parts = sentences(tidy(text))
        if len(parts) >= 2 and nothing_new.match(parts[0]):
            left, right = parts[0], " ".join(parts[1:])
            whole = bool(SENTENCE_END.search(left)) and bool(SENTENCE_END.search(right))
            confidence = "confident" if whole else "uncertain"
            return result([(number, left)], [(number, right)], confidence, "two cells on one line")

    # No structural split: look for the first group, then the first line, that opens the later year.
    for k in range(1, len(groups)):
        if _starts_later_year(
            reflow([t for _, t in groups[k]]), spec, y1, y2
        ) or _restarts_numbering(groups[k]):
            early = [line for g in groups[:k] for line in g]
            late = [line for g in groups[k:] for line in g]
            return result(early, late, "uncertain", f"{len(groups)} cells, later year by cue")
    lines = [line for g in groups for line in g]
    seen_number = False
    for k, (_, text) in enumerate(lines):
        number = re.match(r"\s*(\d{1,2})[.)]\s", text)
        if k and (
            (number and number.group(1) == "1" and seen_number)
            or (
                _starts_later_year(text, spec, y1, y2) and not lines[k - 1][1].strip().endswith(",")
            )
        ):
            return result(lines[:k], lines[k:], "uncertain", "one cell, later year by cue")
        seen_number = seen_number or bool(number)
    return result(lines, [], "uncertain", "no split found; all text given to the earlier year")


def _restarts_numbering(group: list[Line]) -> bool:
    first = next((t for _, t in group if t.strip()), "")
    return bool(re.match(r"\s*1[.)]\s", first))


@dataclass
class _Block:
    kommune: reference.Kommune
    group: str  # "Nord"
    heading: str  # "Planområde Nord"
    line: int
    lines: list[Line] = field(default_factory=list)


def _kommune_heading(text: str) -> reference.Kommune | None:
    return reference.kommune_spellings().get(text.strip()) if text.strip() else None


def _blocks(table: TableRange, spec: TableSpec, lines: list[str]) -> list[_Block]:
    """The kommune blocks under the group headings of one table."""
    ends_at = re.compile(spec.extra["ends_at"]) if spec.extra.get("ends_at") else None
    blocks: list[_Block] = []
    heading: tuple[str, str] | None = None
    current: _Block | None = None
    for i in range(table.start, table.end):
        text = lines[i]
        group = spec.group_heading.match(text)
        if group:
            name = tidy(group.group(1))
            short = next((g for g in group.groups()[1:] if g), name)
            heading = (name, tidy(short))
            current = None
            continue
        if heading is None:
            continue
        if ends_at is not None and ends_at.match(text):
            break
        kommune = _kommune_heading(text)
        if kommune:
            current = _Block(kommune, heading[1], heading[0], i + 1)
            blocks.append(current)
        elif current is not None:
            current.lines.append((i + 1, text))
    return blocks


def read_table(table: TableRange, spec: TableSpec, lines: list[str], result: ReadResult) -> bool:
    """Rows from one table of this kind; False when its layout is not found under the caption."""
    if table.years is None:
        return False
    blocks = _blocks(table, spec, lines)
    if not blocks:
        return False
    _rows(table, spec, blocks, result)
    return True


def _rows(table: TableRange, spec: TableSpec, blocks: list[_Block], result: ReadResult) -> None:
    y1, y2 = table.years
    status_words = dict(zip((y1, y2), spec.status, strict=True))
    nothing_new = spec.nothing_new or re.compile(r"(?!)")
    summary = result.facts.setdefault(
        f"bilag{table.bilag}_split", {"confident": 0, "uncertain": 0, "blocks": []}
    )
    result.tables.append(
        Table(caption=table.caption, header=["Kommune", str(y1), str(y2)], line=table.line)
    )
    splits = [split_block(block.lines, (y1, y2), spec) for block in blocks]
    # A cell's own lines understate the column width when its items are short, so measure
    # each year's column over the whole table.
    width = {
        year: max([0, *(len(tidy(t)) for split in splits for t in split.years[year])])
        for year in (y1, y2)
    }
    for block, split in zip(blocks, splits, strict=True):
        summary[split.confidence] += 1
        years_with_rows = []
        for year in (y1, y2):
            items = list_items(split.years[year], width=width[year])
            text = " ".join(items)
            if not items or nothing_new.match(text):
                continue
            years_with_rows.append(year)
            fields = {
                **table.locator_fields(),
                "kommune": block.kommune.name,
                "kommune_short": block.kommune.short,
                "year": year,
                "heading": block.heading,
            }
            locator = spec.locator.format(**fields)
            result.rows.append(
                Row(
                    locator=locator,
                    section=spec.section.format(**fields),
                    line=split.first_line[year] or block.line,
                    line_end=split.last_line[year] or block.line,
                    title=spec.title.format(**fields),
                    # The block stands under the kommune's name: that is its partner cell. Other
                    # partners its text names are read from the description by normalisation.
                    partners=block.kommune.name,
                    partners_from="heading",
                    description="\n".join(items),
                    status=status_words[year].format(**fields),
                    status_from="column",
                    agenda_item=table.item,
                    kommune=block.kommune.short,
                    year=year,
                    cluster_heading=block.group,
                    split=split.confidence,
                    series=spec.series.format(**fields) if spec.series else "",
                    series_title=spec.series_title.format(**fields) if spec.series_title else "",
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
                "planomraade": block.group,
                "line": block.line,
                "split": split.confidence,
                "reason": split.reason,
                "years": years_with_rows,
            }
        )
        result.tables[-1].rows += len(years_with_rows)


def not_read(table: TableRange, result: ReadResult, reason: str) -> None:
    """Say that a table under a known caption could not be read (warning and unread part)."""
    result.facts.setdefault("skipped", []).append(
        {"caption": table.caption, "bilag": table.bilag, "line": table.line, "reason": reason}
    )
    result.warnings.append(
        ReadWarning(
            table.line, f"table not read ({reason}): {table.caption}", table.bilag_locator()
        )
    )
    # Named by its bilag where the page labels give one, else by its caption alone.
    part = f"{table.where}: {table.caption}" if table.bilag else table.caption
    result.unread.append(Unread(part, table.line, reason))
