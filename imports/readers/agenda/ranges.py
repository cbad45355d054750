"""Where each table of an agenda is: its caption, years, bilag, agenda item and line range."""

from __future__ import annotations

from dataclasses import dataclass

from imports.readers.base import quoted

from .furniture import PageLabel
from .spec import TableSpec
from .text import tidy


@dataclass
class TableRange:
    """One table's stretch of the note, as the captions and page labels delimit it."""

    caption: str  # the caption as one tidy line
    specs: list[TableSpec]  # the kinds whose caption matched, in agenda.toml order
    line: int  # 1-based line of the caption
    start: int  # 0-based index of the first line after the caption
    end: int  # 0-based index after the table's last line
    years: tuple[int, int] | None = None
    bilag: str = ""
    item: int | None = None

    @property
    def where(self) -> str:
        """The table's bilag as a locator names it, with only numbers the note prints: "Punkt 4,
        bilag 1" (item and bilag from the running headers and page labels), else the bilag
        named by the table's caption."""
        parts = [f"punkt {self.item}"] if self.item else []
        parts.append(f"bilag {self.bilag}" if self.bilag else f"bilaget {quoted(self.caption)}")
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]

    @property
    def named(self) -> str:
        """The table itself, by its caption (agendas do not number their tables)."""
        return f"tabellen {quoted(self.caption)}"

    def locator_fields(self) -> dict[str, str]:
        """Template fields every kind of table offers its locator: {where} {table} {caption}."""
        return {"where": self.where, "table": self.named, "bilag": self.bilag,
                "caption": self.caption}  # fmt: skip

    def bilag_locator(self) -> str:
        return self.where


def find_tables(
    lines: list[str], specs: tuple[TableSpec, ...], labels: list[PageLabel]
) -> list[TableRange]:
    """Every caption of a known kind of table, in note order, with its range.

    A caption may wrap onto up to three more lines until its years are complete (for kinds that
    need years). A table runs to the next caption, to the last page label of its bilag
    ("Side -14 af 14"), or to the end of the note. Its bilag is the page label inside its range
    (the labels stand at page ends), else the bilag of the table before it; never a number we
    counted (a table with neither is named by its caption, see ``TableRange.where``).
    """
    found: list[TableRange] = []
    i = 0
    while i < len(lines):
        matching = [spec for spec in specs if spec.caption.match(lines[i])]
        if not matching:
            i += 1
            continue
        caption = [lines[i]]
        j = i + 1
        wants_years = [spec.years for spec in matching if spec.years is not None]
        years = None
        if wants_years:
            pattern = wants_years[0]
            while not pattern.search(" ".join(caption)) and j < len(lines) and j <= i + 3:
                if lines[j].strip():
                    caption.append(lines[j])
                j += 1
            match = pattern.search(" ".join(caption))
            if match:
                years = (int(match.group(1)), int(match.group(2)))
            else:
                j = i + 1
        found.append(
            TableRange(
                caption=tidy(" ".join(caption)),
                specs=matching,
                line=i + 1,
                start=j,
                end=len(lines),
                years=years,
            )
        )
        i = j
    for table, following in zip(found, found[1:], strict=False):
        table.end = following.line - 1
    previous = None
    for table in found:
        inside = [label for label in labels if table.start <= label.line < table.end]
        last = next((label for label in inside if label.last_page), None)
        if last is not None:
            table.end = last.line
        label = inside[0] if inside else None
        if label is not None:
            table.bilag, table.item = label.bilag, label.item
        elif previous is not None:
            table.bilag, table.item = previous.bilag, previous.item
        previous = table
    return found
