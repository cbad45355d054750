"""The agenda reader's knowledge as typed values, read from ``agenda.toml`` (once per process).

This module owns turning ``agenda.toml`` into compiled patterns and templates, and checking it:
an unknown table kind or a missing key is a ``ValueError`` naming the file and the table.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

SPEC_FILE = Path(__file__).with_name("agenda.toml")
KINDS = ("year_columns", "year_rows", "grid_counts", "grid_marks")


@dataclass(frozen=True)
class Furniture:
    patterns: tuple[re.Pattern, ...]
    continued: re.Pattern
    page_label: re.Pattern
    item_label: re.Pattern


@dataclass(frozen=True)
class Items:
    content_sections: frozenset[str]
    locator: str
    status: re.Pattern
    organisation: re.Pattern
    kommune_word: re.Pattern
    collective: re.Pattern


@dataclass(frozen=True)
class TableSpec:
    """One kind of table (see agenda.toml for the meaning of each key per kind)."""

    kind: str
    name: str
    caption: re.Pattern
    years: re.Pattern | None = None
    group_heading: re.Pattern | None = None
    nothing_new: re.Pattern | None = None
    header: tuple[str, ...] = ()
    header_words: tuple[str, ...] = ()
    side_column: str = ""
    title: str = ""
    section: str = "{caption}"
    locator: str = ""
    series: str = ""
    series_title: str = ""
    status: tuple[str, ...] | dict[str, str] = ()
    future_cues: tuple[str, ...] = ()
    past_cues: tuple[str, ...] = ()
    later_year_openers: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    group_columns: tuple[str, ...] = ()
    single_columns: tuple[str, ...] = ()
    total_group: str = ""
    total_row: str = "I alt"
    columns: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)

    def cues(self, words: tuple[str, ...], *, earlier: int, later: int) -> re.Pattern:
        """``words`` with {earlier}/{later} filled in, as one whole-word pattern."""
        filled = [w.format(earlier=earlier, later=later) for w in words]
        return re.compile(r"\b(" + "|".join(re.escape(w) for w in filled) + r")\b", re.I)


@dataclass(frozen=True)
class Spec:
    furniture: Furniture
    items: Items
    tables: tuple[TableSpec, ...]


_REQUIRED = {
    "year_columns": ("caption", "years", "group_heading", "title", "locator", "status"),
    "year_rows": ("caption", "years", "header", "side_column", "title", "locator", "status"),
    "grid_counts": ("caption", "header_words", "groups", "group_columns", "total_group"),
    "grid_marks": ("caption", "columns", "title", "locator", "status"),
}
_PATTERNS = ("caption", "years", "group_heading", "nothing_new")


@cache
def load(path: Path = SPEC_FILE) -> Spec:
    """The spec in ``path`` (``agenda.toml`` next to this module by default)."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    furniture = data["furniture"]
    items = data["items"]
    tables = []
    for index, entry in enumerate(data.get("table", []), start=1):
        where = f"{Path(path).name} [[table]] #{index} ({entry.get('name', '?')})"
        kind = entry.get("kind")
        if kind not in KINDS:
            raise ValueError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        missing = [key for key in _REQUIRED[kind] if key not in entry]
        if missing:
            raise ValueError(f"{where}: missing {', '.join(missing)}")
        values = {}
        for key, value in entry.items():
            if key in _PATTERNS:
                flags = re.IGNORECASE if key in ("years", "nothing_new") else 0
                values[key] = re.compile(value, flags)
            elif isinstance(value, list):
                values[key] = tuple(value)
            else:
                values[key] = value
        known = set(TableSpec.__dataclass_fields__)
        values["extra"] = {k: v for k, v in values.items() if k not in known}
        tables.append(TableSpec(**{k: v for k, v in values.items() if k in known}))
    return Spec(
        furniture=Furniture(
            patterns=tuple(re.compile(p) for p in furniture["patterns"]),
            continued=re.compile(furniture["continued"]),
            page_label=re.compile(furniture["page_label"]),
            item_label=re.compile(furniture["item_label"]),
        ),
        items=Items(
            content_sections=frozenset(items["content_sections"]),
            locator=items["locator"],
            status=re.compile(items["status"], re.IGNORECASE),
            organisation=re.compile(items["organisation"]),
            kommune_word=re.compile(items["kommune_word"]),
            collective=re.compile(items["collective"], re.IGNORECASE),
        ),
        tables=tuple(tables),
    )
