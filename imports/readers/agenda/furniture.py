"""Page furniture of a printed agenda: running headers and footers, and the page numbers
printed next to them, blanked before anything is read; and what the page labels say about
which bilag and agenda item each part of the text belongs to.

The patterns are data (``agenda.toml``, ``[furniture]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import spec as spec_module

_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}(?:\s+\d{1,3})?\s*$")  # "3", "20 21" (a spread)
_PAGE_NUMBER_REACH = 6


def strip_page_furniture(
    lines: list[str], furniture: spec_module.Furniture | None = None
) -> list[str]:
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
    furniture = furniture or spec_module.load().furniture
    patterns = furniture.patterns
    out = list(lines)
    i = 0
    while i < len(out):
        if not any(p.match(out[i]) for p in patterns):
            i += 1
            continue
        continued = out[i].rstrip().endswith("/") and furniture.continued.match(out[i])
        out[i] = ""
        if continued and i + 1 < len(out) and out[i + 1].strip():
            i += 1
            out[i] = ""
        j = i + 1
        while j < len(out) and j <= i + _PAGE_NUMBER_REACH:
            if any(p.match(out[j]) for p in patterns):
                break  # the next furniture line gets its own reach
            if _PAGE_NUMBER.match(out[j]):
                out[j] = ""
            elif out[j].strip():
                break
            j += 1
        i += 1
    return out


@dataclass(frozen=True)
class PageLabel:
    """A page label ("Bilag 2 - Side -14 af 14") and the agenda item named above it."""

    line: int  # 0-based index in the note's lines
    bilag: str
    last_page: bool
    item: int | None


def page_labels(raw: list[str], furniture: spec_module.Furniture | None = None) -> list[PageLabel]:
    """Every page label in the note's raw lines, with the item of the running header above it."""
    furniture = furniture or spec_module.load().furniture
    labels = []
    item = None
    for index, line in enumerate(raw):
        header = furniture.item_label.match(line)
        if header:
            item = int(header["item"])
            continue
        label = furniture.page_label.search(line)
        if label:
            labels.append(
                PageLabel(
                    line=index,
                    bilag=label["bilag"],
                    last_page=label["page"] == label["pages"],
                    item=item,
                )
            )
            item = None
    return labels
