"""Benchmark: reading the reference data, resolving the notes' partner text, OCR of note 001.

Prints figures; not a test (timed tests fail on a busy machine and say nothing about why). Run
from the project root: ``.venv/bin/python bench/reference_and_matching.py``. Each figure is the
best of five runs in this process:

* building the gazetteer from ``reference/`` (files read fresh each time);
* resolving every partner cell of notes 000 and 002 and every prose paragraph of 001, 003 and
  004 (the texts the gazetteer reads in an import);
* repairing the whole of note 001's OCR text with an empty word cache.
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from imports import ocr, reference  # noqa: E402
from imports.gazetteer import Gazetteer  # noqa: E402
from imports.reference import REFERENCE_DIR  # noqa: E402

SOURCES = ROOT / "imports" / "sources"


def partner_cells():
    """Every partner cell of the bundled notes: 000's partner columns, 002's title partners."""
    cells = []
    for line in (SOURCES / "000_c9a10daa5558fc36.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[0] != "Titel":
            cells.append(parts[2])
    for line in (SOURCES / "002_216d5a4db58f8ddc.txt").read_text(encoding="utf-8").splitlines():
        title = line.split("\t")[0]
        if title.endswith(")") and "Kommune" in title[title.rfind("(") :]:
            cells.append(title[title.rindex("(") + 1 : -1])
    return cells


def paragraphs():
    """Every paragraph of the prose notes (001, 003, 004)."""
    found = []
    for name in (
        "001_f78470f6f1d730cd.txt",
        "003_0bdb4665ffab3184.txt",
        "004_f2f7b4d944a37d36.txt",
    ):
        text = (SOURCES / name).read_text(encoding="utf-8")
        found.extend(p for p in text.split("\n\n") if p.strip())
    return found


def best(function, runs=5):
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main():
    def build():
        reference.clear_caches()
        Gazetteer(REFERENCE_DIR)

    gazetteer = Gazetteer(REFERENCE_DIR)
    cells, prose = partner_cells(), paragraphs()

    def resolve():
        for cell in cells:
            gazetteer.resolve_partners(cell, region="hovedstaden")
        for paragraph in prose:
            gazetteer.find_in_text(paragraph, region="hovedstaden")

    note = (SOURCES / "001_f78470f6f1d730cd.txt").read_text(encoding="utf-8")
    ocr.zipf("og")  # load the word list once

    def repair():
        ocr.clear_caches()
        ocr.repair_text(note)

    print("| what | best of 5 |")
    print("|---|---|")
    print(f"| gazetteer from reference/ (files read fresh) | {best(build) * 1000:.0f} ms |")
    print(
        f"| {len(cells)} partner cells + {len(prose)} prose paragraphs resolved | "
        f"{best(resolve) * 1000:.0f} ms |"
    )
    print(f"| OCR repair of note 001, empty word cache | {best(repair) * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
