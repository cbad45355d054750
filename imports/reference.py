"""The reference data (``reference/``) as plain values, each file read once per process.

This module owns where the reference files are and how they are parsed: CSV files become tuples
of row dicts (surrounding whitespace stripped), TOML files become dicts, and a few typed views
that several parts of the pipeline need (kommune spellings, hospital names). Everything that
reads ``reference/`` goes through here: the gazetteer, the vocabularies, the readers that look
for kommune or hospital names, and the loader's reference step.

Values are cached per (directory, file); callers must not change them. Tests and tools that use
another directory pass it explicitly.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"


@cache
def read_csv(name: str, reference_dir: Path = REFERENCE_DIR) -> tuple[dict[str, str], ...]:
    """The rows of ``reference_dir/name`` as dicts, every value stripped ("" for a missing one)."""
    with open(Path(reference_dir) / name, encoding="utf-8", newline="") as fh:
        return tuple(
            {key: (value or "").strip() for key, value in row.items() if key is not None}
            for row in csv.DictReader(fh)
        )


@cache
def read_toml(name: str, reference_dir: Path = REFERENCE_DIR) -> dict:
    """``reference_dir/name`` parsed as TOML."""
    return tomllib.loads((Path(reference_dir) / name).read_text(encoding="utf-8"))


def split_aliases(value: str) -> list[str]:
    """``"A|B| C"`` as ``["A", "B", "C"]``: the alias lists of the CSV files."""
    return [alias.strip() for alias in (value or "").split("|") if alias.strip()]


def regions(reference_dir: Path = REFERENCE_DIR) -> tuple[dict[str, str], ...]:
    """regions.csv: slug, name, code, aliases."""
    return read_csv("regions.csv", reference_dir)


def kommuner(reference_dir: Path = REFERENCE_DIR) -> tuple[dict[str, str], ...]:
    """kommuner.csv: name, short, region, code, aliases (all 98 kommuner)."""
    return read_csv("kommuner.csv", reference_dir)


def hospitals(reference_dir: Path = REFERENCE_DIR) -> tuple[dict[str, str], ...]:
    """hospitals.csv: name, aliases, kind, region, parent, note."""
    return read_csv("hospitals.csv", reference_dir)


def organisations(reference_dir: Path = REFERENCE_DIR) -> tuple[dict[str, str], ...]:
    """organisations.csv: the partners that are neither kommuner nor hospitals."""
    return read_csv("organisations.csv", reference_dir)


def statuses(reference_dir: Path = REFERENCE_DIR) -> tuple[dict[str, str], ...]:
    """statuses.csv: code, label, label_en, order."""
    return read_csv("statuses.csv", reference_dir)


def status_codes(reference_dir: Path = REFERENCE_DIR) -> frozenset[str]:
    return frozenset(row["code"] for row in statuses(reference_dir))


def target_groups(reference_dir: Path = REFERENCE_DIR) -> list[dict]:
    """target_groups.toml's ``[[group]]`` entries, in vocabulary order."""
    return read_toml("target_groups.toml", reference_dir)["group"]


@dataclass(frozen=True)
class Kommune:
    """A kommune as headings and partner lists write it."""

    short: str  # "København"
    name: str  # "Københavns Kommune"
    region: str  # "Region Hovedstaden"


@cache
def kommune_spellings(reference_dir: Path = REFERENCE_DIR) -> dict[str, Kommune]:
    """Every spelling a kommune heading may use (short name and aliases) → the kommune."""
    found: dict[str, Kommune] = {}
    for row in kommuner(reference_dir):
        kommune = Kommune(short=row["short"], name=row["name"], region=row["region"])
        for spelling in [row["short"], *split_aliases(row["aliases"])]:
            found.setdefault(spelling, kommune)
    return found


@cache
def hospital_spellings(reference_dir: Path = REFERENCE_DIR) -> dict[str, str]:
    """Hospital and psychiatric-centre names and aliases of two words or more.

    Lower-cased spelling → the name as hospitals.csv writes it. Bare abbreviations (RH, AHH)
    and one-word names are left out: in running text they would match ordinary words.
    """
    names: dict[str, str] = {}
    for row in hospitals(reference_dir):
        for spelling in [row["name"], *split_aliases(row["aliases"])]:
            if " " in spelling:
                names.setdefault(spelling.lower(), row["name"])
    return names


def clear_caches() -> None:
    """Forget every file read (for tests that edit a copy of the reference data)."""
    for function in (read_csv, read_toml, kommune_spellings, hospital_spellings):
        function.cache_clear()
