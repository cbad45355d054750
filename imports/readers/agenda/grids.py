"""Grid tables of an agenda's bilag: numbers or marks per kommune, checked against "I alt".

Their rows print each cell followed by a space, an empty cell as a space of its own
(:func:`parse_cells`). A row is read when it starts with a known kommune (a name wrapped at its
hyphen is joined; cells on a line of their own below the name are taken for that name). Every
row is checked against its own total and every column against the "I alt" row; what does not
add up, or cannot be read, goes to the warnings and ``facts["unrecovered"]``.

Two kinds (``agenda.toml``): ``grid_counts`` (numbers, e.g. midlertidige pladser; read into the
note's facts) and ``grid_marks`` (a mark per column, e.g. akutteams; a kommune marked in a
column with a status gives a row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from imports import reference
from imports.readers.base import ReadResult, ReadWarning, Row, Table

from .ranges import TableRange
from .spec import TableSpec
from .text import tidy

Kommune = reference.Kommune


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


def kommune_prefix(text: str) -> tuple[Kommune, str] | None:
    """The kommune a table row starts with, and the rest of the row."""
    best: tuple[Kommune, str] | None = None
    best_len = 0
    for spelling, kommune in reference.kommune_spellings().items():
        if text.startswith(spelling) and len(spelling) > best_len:
            rest = text[len(spelling) :]
            if not rest or rest[0] == " ":
                best, best_len = (kommune, rest), len(spelling)
    return best


@dataclass
class _GridRow:
    kommune: Kommune | None  # None for the total row
    line: int
    cells: list[str | None]
    leftover: str
    separate: bool  # the cells stood on a line of their own, below the name
    last_line: int = 0  # 1-based line of the row's cells (below the name when separate)


def _grid_rows(
    lines: list[str], start: int, end: int, columns: int, total_row: str
) -> tuple[list[_GridRow], list[str], list[tuple[int, str]]]:
    """Rows from ``lines[start:end]`` up to and including the total row, the footnote lines
    after it, and the lines that are neither."""
    total = re.compile(rf"^\s*{re.escape(total_row)}\b")
    rows: list[_GridRow] = []
    notes: list[str] = []
    stray: list[tuple[int, str]] = []
    pending: tuple[Kommune, int] | None = None
    i = start
    total_seen = False
    while i < end:
        text = lines[i]
        if not text.strip():
            i += 1
            continue
        if total_seen:
            notes.append(tidy(text))
            i += 1
            continue
        if total.match(text):
            cells, leftover = parse_cells(text.strip()[len(total_row) :], columns)
            rows.append(_GridRow(None, i + 1, cells, leftover, False))
            total_seen = True
            i += 1
            continue
        name_line = i + 1
        prefix = kommune_prefix(text)
        # A name wrapped at its hyphen ("Lyngby-" / "Taarbæk").
        if prefix is None and text.rstrip().endswith("-"):
            k = next((k for k in range(i + 1, end) if lines[k].strip()), None)
            if k is not None:
                joined = text.rstrip() + lines[k].lstrip()
                prefix = kommune_prefix(joined)
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
            stray.append((i + 1, tidy(text)))
        i += 1
    return rows, notes, stray


def _number(cell: str | None) -> int | str | None:
    if cell is None:
        return None
    return int(cell) if cell.isdigit() else cell


def _sum(values: list[int | str | None]) -> int:
    return sum(v for v in values if isinstance(v, int))


def _no_total(table: TableRange, spec: TableSpec, lines: list[str], result: ReadResult) -> None:
    """Warn about a grid without its total row; at the end of the note it may be cut off."""
    rest = [line for line in lines[table.end :] if line.strip()]
    message = f"{table.caption}: no '{spec.total_row}' row to check the table against"
    if not rest:
        message += "; the note ends inside the table and may be cut off"
    result.warnings.append(ReadWarning(table.line, message, table.bilag_locator()))


# --- numbers per kommune ----------------------------------------------------------------------


def _column_names(spec: TableSpec) -> list[str]:
    return [f"{g}/{k}" for g in spec.groups for k in spec.group_columns] + list(spec.single_columns)


def _values(record: dict, spec: TableSpec) -> list[int | str | None]:
    values = [record[g][k] for g in spec.groups for k in spec.group_columns]
    return [*values, *(record[c] for c in spec.single_columns)]


def _check_totals(
    table: dict[str, dict], total: dict, spec: TableSpec, where: str, result: ReadResult
) -> None:
    """Compare the column sums with the total row, and say which row explains a difference."""
    names = _column_names(spec)
    sums = [_sum([_values(r, spec)[c] for r in table.values()]) for c in range(len(names))]
    stated = [v if isinstance(v, int) else 0 for v in _values(total, spec)]
    difference = [a - b for a, b in zip(sums, stated, strict=True)]
    texts = [
        f"{kommune}: {v}"
        for kommune, r in table.items()
        for v in _values(r, spec)
        if isinstance(v, str)
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
            if [v if isinstance(v, int) else 0 for v in _values(r, spec)] == difference
        ]
        label = spec.name.replace("_", " ")
        if left_out:
            check["left_out"] = left_out
            message = (
                f"{label}: the '{spec.total_row}' row leaves out {', '.join(left_out)} "
                "(the column sums exceed it by exactly that row)"
            )
        else:
            message = f"{label}: column sums differ from the '{spec.total_row}' row: " + ", ".join(
                f"{n} {s} vs {t}"
                for n, s, t, d in zip(names, sums, stated, difference, strict=True)
                if d
            )
        result.warnings.append(ReadWarning(total["line"], message, where))
    result.facts[f"{spec.name}_totals"] = check


def read_counts(table: TableRange, spec: TableSpec, lines: list[str], result: ReadResult) -> bool:
    """A grid of numbers into ``facts[spec.name]``; False when its header is not found."""
    where = table.bilag_locator()
    unrecovered = result.facts.setdefault("unrecovered", [])
    start, end = table.start, table.end
    first_row = next((i for i in range(start, end) if kommune_prefix(lines[i])), None)
    header = " ".join(tidy(t) for t in lines[start : first_row or start])
    if first_row is None or any(word not in header for word in spec.header_words):
        return False
    width = len(spec.groups) * len(spec.group_columns) + len(spec.single_columns)
    rows, notes, stray = _grid_rows(lines, first_row, end, width, spec.total_row)
    unrecovered.extend(f"line {n}: not a kommune row of '{table.caption}': {t}" for n, t in stray)
    parts_of_total = [g for g in spec.groups if g != spec.total_group]
    found: dict[str, dict] = {}
    total: dict | None = None
    for row in rows:
        values = [_number(c) for c in row.cells]
        per_group = len(spec.group_columns)
        record: dict = {
            group: dict(zip(spec.group_columns, values[g * per_group :], strict=False))
            for g, group in enumerate(spec.groups)
        }
        offset = len(spec.groups) * per_group
        for k, column in enumerate(spec.single_columns):
            record[column] = values[offset + k]
        record["sums_check"] = all(
            _sum([record[g][kind] for g in parts_of_total]) == (record[spec.total_group][kind] or 0)
            for kind in spec.group_columns
        )
        record["line"] = row.line
        name = row.kommune.short if row.kommune else spec.total_row
        label = spec.name.replace("_", " ")
        if row.leftover or not any(v is not None for v in values):
            unrecovered.append(
                f"line {row.line}: {label} for {name}: "
                f"cells not readable ({row.leftover or 'empty'})"
            )
            continue
        if not record["sums_check"]:
            result.warnings.append(
                ReadWarning(
                    row.line,
                    f"{label} for {name}: the parts do not add up "
                    f"to '{spec.total_row}'; check the columns",
                    where,
                )
            )
        if row.kommune is None:
            total = record
        else:
            found[row.kommune.short] = record
    result.facts[spec.name] = found
    if notes:
        result.facts.setdefault("table_notes", {})[spec.name] = " ".join(notes)
    if total is not None:
        result.facts[f"{spec.name}_i_alt"] = total
        _check_totals(found, total, spec, where, result)
    else:
        _no_total(table, spec, lines, result)
    result.tables.append(
        Table(
            caption=table.caption,
            header=["Kommune", *(name.replace("/", " ") for name in _column_names(spec))],
            line=table.line,
            rows=len(found),
        )
    )
    return True


# --- marks per kommune ------------------------------------------------------------------------


def read_marks(table: TableRange, spec: TableSpec, lines: list[str], result: ReadResult) -> bool:
    """A grid of marks: facts per kommune and a row per kommune marked in a status column."""
    where = table.bilag_locator()
    unrecovered = result.facts.setdefault("unrecovered", [])
    header_index = next((i for i in range(table.start, table.end) if lines[i].strip()), None)
    if header_index is None:
        return False
    header = tidy(lines[header_index])
    positions = {column: header.find(column) for column in spec.columns}
    if -1 in positions.values():
        return False
    # The columns in the order the note prints them.
    columns = sorted(spec.columns, key=positions.__getitem__)
    rows, notes, stray = _grid_rows(
        lines, header_index + 1, table.end, len(columns), spec.total_row
    )
    unrecovered.extend(f"line {n}: not a kommune row of '{table.caption}': {t}" for n, t in stray)
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
    label = spec.name.replace("_", " ").rstrip("s")
    for row in rows:
        if row.kommune is None:
            total = row
            continue
        what = f"{label} for {row.kommune.short}"
        chosen = [col for col, cell in zip(columns, row.cells, strict=True) if cell]
        if row.leftover or not chosen:
            problem = (
                f"cells not readable ({row.leftover})" if row.leftover else "no column is marked"
            )
            unrecovered.append(f"line {row.line}: {what}: {problem}")
            result.warnings.append(ReadWarning(row.line, f"{what}: {problem}", where))
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
    if total is None:
        _no_total(table, spec, lines, result)
    if total is not None:
        counted = [sum(col in fact["columns"] for fact in marks.values()) for col in columns]
        stated = [_number((c or "").rstrip("*")) for c in total.cells]
        totals_match = counted == stated
        if not totals_match:
            result.warnings.append(
                ReadWarning(
                    total.line,
                    f"{spec.name}: columns count {counted}, the '{spec.total_row}' row says "
                    f"{stated}",
                    where,
                )
            )
    for row in separate:
        # The mark stood on a line of its own, below the name: its column rests on spacing alone,
        # so keep it only when the total row agrees.
        if totals_match:
            marks[row.kommune.short]["checked"] = (
                f"mark on its own line; the '{spec.total_row}' row agrees"
            )
        else:
            unrecovered.append(
                f"line {row.line}: {label} for {row.kommune.short}: "
                f"the mark stands on its own line and the '{spec.total_row}' row does not "
                "confirm it"
            )
            marks.pop(row.kommune.short)
    result.facts[spec.name] = marks
    result.facts[f"{spec.name}_totals_match"] = totals_match
    count = 0
    for row in rows:
        if row.kommune is None or row.kommune.short not in marks:
            continue
        marked = marks[row.kommune.short]["columns"]
        # Status texts in the order agenda.toml lists them ("Har akutteam; Planlægger akutteam").
        status = [text for column, text in spec.status.items() if column in marked]
        if not status:
            continue
        count += 1
        fields = {
            **table.locator_fields(),
            "kommune": row.kommune.name,
            "kommune_short": row.kommune.short,
        }
        result.rows.append(
            Row(
                locator=spec.locator.format(**fields),
                section=spec.section.format(**fields),
                line=row.line,
                line_end=row.last_line or row.line,
                title=spec.title.format(**fields),
                partners=row.kommune.name,
                partners_from="heading",
                status="; ".join(status),
                status_from="marks",
                agenda_item=table.item,
                kommune=row.kommune.short,
            )
        )
    result.tables.append(
        Table(caption=table.caption, header=["Kommune", *columns], line=table.line, rows=count)
    )
    return True
