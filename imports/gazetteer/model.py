"""The gazetteer's values: organisations, clusters, what a text resolves to, and name rules.

Plain data (no files, no matching): ``Org`` and ``Cluster`` as the reference data defines them,
``Resolution`` as the matcher returns it, and how a name's case must match the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KINDS = (
    "hospital",
    "psychiatry",
    "municipality",
    "general_practice",
    "region",
    "research",
    "other",
)
# hospitals.csv's own kinds → ours (anything else is "other").
HOSPITAL_KINDS = {
    "somatisk hospital": "hospital",
    "hospitalsenhed": "hospital",
    "psykiatri": "psychiatry",
    "forskning": "research",
}
# Danish counts, so that "3 udvalgte kommuner" and "tre udvalgte kommuner" are one group.
COUNT_WORDS = (
    "en",
    "to",
    "tre",
    "fire",
    "fem",
    "seks",
    "syv",
    "otte",
    "ni",
    "ti",
    "elleve",
    "tolv",
)

# Word boundaries: a name never starts after a letter or a hyphen ("Høje-Taastrup" is not
# "Taastrup") and never ends before a letter or a hyphenated continuation ("PLO" in "PLO-H").
_START = r"(?<![\w-])"
_END = r"(?!\w|-\w)"


@dataclass(frozen=True)
class Org:
    """One organisation (or a group of them) as the gazetteer knows it."""

    slug: str
    name: str
    kind: str
    region: str | None = None
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    code: str = ""
    is_group: bool = False
    note: str = ""
    # A group of a cluster's kommuner lists them, so that a row naming them all needs no group.
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cluster:
    """A planområde or sundhedsklynge: one hospital and its kommuner, within one region."""

    region: str
    slug: str
    name: str
    kind: str
    hospital: str  # Org slug
    municipalities: list[str]  # Org slugs
    aliases: tuple[str, ...] = ()
    uncertain: str = ""


@dataclass
class Resolution:
    """What a text names: partners in order of appearance, and what could not be placed."""

    partners: list[Org] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    all_regions: bool = False


@dataclass
class _Rule:
    """A [[group]] rule of partner_rules.toml, compiled."""

    regex: re.Pattern
    kind: str
    names: list[str]
    prose: bool | str  # False: cells only; "block": also one collaboration's text; True: prose
    parent: str | None
    order: int
    parent_org: str | None = None
    refers_back: bool = False

    def applies(self, *, prose: bool, block: bool) -> bool:
        return applies(self.prose, prose=prose, block=block)


@dataclass
class _Generic:
    key: str
    targets: dict[str, str]
    fallback: str | None
    prose: bool | str

    def applies(self, *, prose: bool, block: bool) -> bool:
        return applies(self.prose, prose=prose, block=block)


def applies(level: bool | str, *, prose: bool, block: bool) -> bool:
    """Whether a phrase of ``level`` (partner_rules.toml's ``prose``) may name a partner here."""
    if not prose:
        return True
    return level is True or (level == "block" and block)


def _lookup_key(alias: str) -> str:
    return alias if _is_abbreviation(alias) else alias.lower()


def _case_mode(alias: str) -> str:
    """How a name's case must match the text.

    Abbreviations (KK, RH, PLO, AHH) match only in capitals ("exact"). One-word names must keep
    their capital first letter ("first": "Vejen" the kommune, not "vejen" the road); longer names
    match in any case ("any": "Kolding kommune").
    """
    if _is_abbreviation(alias):
        return "exact"
    if " " not in alias and alias[:1].isupper():
        return "first"
    return "any"


def _is_abbreviation(alias: str) -> bool:
    if len(alias) > 12:
        return False
    letters = [c for c in alias if c.isalpha()]
    return 0 < len(letters) <= 6 and all(c.isupper() for c in letters)
