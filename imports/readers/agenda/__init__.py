"""Reader for committee agendas printed to PDF text: ``read(text, *, file) -> ReadResult``.

Built for note 003 (Region Hovedstaden, Sundhedskoordinationsudvalget, 19 May 2017) and shaped
for the next agenda of that kind: what it knows about captions, columns, title templates and
status words is data (``agenda.toml``), so an agenda with the same kinds of tables imports
without a code change. The package, pure like every reader (never the ORM):

* ``furniture`` – running headers and footers blanked before anything is read; page labels
  that tell which bilag (and agenda item) a page belongs to.
* ``items`` – agenda items and the numbered projects inside them (``Punkt 5, projekt 1``).
* ``ranges`` – where each table is: a caption of a kind ``agenda.toml`` lists, to the next
  caption or the last page of its bilag.
* ``year_columns`` – kommune blocks in two year columns (bilag 1: ``Bilag 1, Allerød, 2016``).
* ``year_rows`` – a row per kommune and year with a side column (bilag 2, "Forventet effektmål").
* ``grids`` – grids of numbers (midlertidige pladser, into ``facts``) or marks (akutteams).

A table under a known caption whose layout no kind recognises is not read: a warning, and an
``Unread`` part that the public source page shows. Parts of the note the reader does not look at
(articles, a status scheme printed as colours) are listed in the manifest.
"""

from __future__ import annotations

from imports.errors import SourceError
from imports.readers.base import ReadResult

from . import grids, year_columns, year_rows
from . import spec as spec_module
from .furniture import page_labels, strip_page_furniture
from .items import agenda_items, item_projects
from .ranges import find_tables
from .text import list_items
from .year_columns import split_block

__all__ = ["list_items", "read", "split_block", "strip_page_furniture"]

_READERS = {
    "year_columns": year_columns.read_table,
    "year_rows": year_rows.read_table,
    "grid_counts": grids.read_counts,
    "grid_marks": grids.read_marks,
}


def read(text: str, *, file: str) -> ReadResult:
    """Rows from an agenda note: item projects, kommune initiatives per year, akutteams."""
    spec = spec_module.load()
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = strip_page_furniture(raw, spec.furniture)
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
        result.rows.extend(item_projects(item, lines, spec.items))
    for table in find_tables(lines, spec.tables, page_labels(raw, spec.furniture)):
        if not any(_READERS[kind.kind](table, kind, lines, result) for kind in table.specs):
            kinds = " or ".join(sorted({kind.kind for kind in table.specs}))
            year_columns.not_read(table, result, f"its layout is not one of {kinds}")
    return result
