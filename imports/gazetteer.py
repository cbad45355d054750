"""The gazetteer: every organisation a note can name, and partner text resolved against it.

It owns reading the reference data (``reference/``: kommuner.csv, hospitals.csv,
organisations.csv, regions.csv, clusters.toml, partner_rules.toml) into plain values, and two
readings of text (pure; no ORM, no Django):

* :meth:`Gazetteer.resolve_partners` reads a partner cell ("Amager Hospital, Københavns, Tårnby
  og Dragør kommuner."). Everything in the cell is accounted for: known names and their old
  names, the region's general practice, groups ("kommunerne i planområdet") made into their own
  organisations, and unknown names made into ``other`` organisations with a warning.
* :meth:`Gazetteer.find_in_text` reads free prose and keeps confident matches only: named
  organisations, kommuner with a head noun or in a list, explicit groups, and regions.

Known names are matched before the text is split on "og" and commas, longest name first, so
"Herlev og Gentofte Hospital" is one hospital and "Herlev" alone is the kommune. Groups and
unknown names are created on the fly, deterministically (same text → same slug); the gazetteer
remembers them so that :meth:`Gazetteer.is_group` and :meth:`Gazetteer.region_of` know them.
"""

from __future__ import annotations

import csv
import hashlib
import html
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from imports.text import slugify_da

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
    prose: bool
    parent: str | None
    order: int


@dataclass
class _Generic:
    key: str
    targets: dict[str, str]
    fallback: str | None
    prose: bool


@dataclass
class _Item:
    """A span of the text with its meaning: a candidate match, and after selection a token."""

    start: int
    end: int
    text: str
    type: str  # org, region, region_mention, generic, cluster, group, mask, ignore, filler, all
    value: object = None
    rank: int = 0  # breaks ties between equally long spans: lower wins

    @property
    def length(self):
        return self.end - self.start


# Ties between spans of the same length: a known name beats a rule, a rule beats a mask.
_RANKS = {"org": 0, "region": 0, "generic": 1, "cluster": 1, "all": 2, "group": 3, "ignore": 4}
_RANKS.update({"filler": 5, "region_mention": 6, "mask": 7})


def _clean(text: str) -> str:
    """Text as matched: markup gone, quotes and dashes plain, whitespace single spaces."""
    text = html.unescape(re.sub(r"<[^>]*>", " ", text or ""))
    text = text.translate(str.maketrans({"–": "-", "—": "-", "’": "'", "‘": "'", "´": "'"}))
    return re.sub(r"\s+", " ", text).strip()


_WORD = re.compile(r"\w+")
_WORD_START = re.compile(r"(?<![\w-])\w+")


def _ends_word(text: str, end: int) -> bool:
    """Whether a name may end at ``end``: not inside a word nor before "-<word>"."""
    if end >= len(text):
        return True
    char = text[end]
    if char.isalnum() or char == "_":
        return False
    return not (char == "-" and end + 1 < len(text) and (text[end + 1].isalnum()))


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


def _split_aliases(value: str) -> list[str]:
    return [a.strip() for a in (value or "").split("|") if a.strip()]


class Gazetteer:
    """The reference organisations, regions and clusters, and partner resolution against them."""

    def __init__(self, reference_dir: Path):
        self.reference_dir = Path(reference_dir)
        self._orgs: dict[str, Org] = {}
        self._dynamic: dict[str, Org] = {}
        self.alias_conflicts: list[tuple[str, str, str]] = []  # (alias, kept slug, other slug)
        self._load_regions()
        self._load_kommuner()
        self._load_hospitals()
        self._load_organisations()
        self._load_clusters()
        self._load_rules()
        self._build_matcher()

    @classmethod
    def load(cls, reference_dir: Path) -> Gazetteer:
        """The gazetteer of ``reference_dir`` (read once per directory and process)."""
        return _load_cached(Path(reference_dir).resolve())

    # Reading the reference data -----------------------------------------------------------

    def _read_csv(self, name):
        with open(self.reference_dir / name, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    def _load_regions(self):
        self.region_names: dict[str, str] = {}  # slug → "Region Hovedstaden"
        self._region_by_name: dict[str, str] = {}  # "Region Hovedstaden" → slug
        self._region_aliases: dict[str, list[str]] = {}
        for row in self._read_csv("regions.csv"):
            self.region_names[row["slug"]] = row["name"]
            self._region_by_name[row["name"]] = row["slug"]
            self._region_aliases[row["slug"]] = _split_aliases(row["aliases"])
        self.region_codes = {r["slug"]: r["code"] for r in self._read_csv("regions.csv")}

    def _region_slug(self, name):
        name = (name or "").strip()
        if not name:
            return None
        if name in self.region_names:
            return name
        try:
            return self._region_by_name[name]
        except KeyError:
            raise ValueError(f"unknown region {name!r} in the reference data") from None

    def _add_org(self, org: Org):
        if org.slug in self._orgs:
            raise ValueError(f"organisation slug {org.slug!r} is defined twice")
        self._orgs[org.slug] = org

    def _load_kommuner(self):
        self._kommune_by_short: dict[str, str] = {}
        for row in self._read_csv("kommuner.csv"):
            name, short = row["name"].strip(), row["short"].strip()
            aliases = _split_aliases(row["aliases"])
            # "Kolding kommune", "København Kommune", "Københavns Kommunes" are written too.
            for extra in (f"{short} Kommune", f"{name}s" if not name.endswith("s") else ""):
                if extra and extra != name and extra not in aliases:
                    aliases.append(extra)
            slug = slugify_da(name)
            self._kommune_by_short[short] = slug
            self._add_org(
                Org(
                    slug=slug,
                    name=name,
                    kind="municipality",
                    region=self._region_slug(row["region"]),
                    aliases=tuple(aliases),
                    code=row["code"].strip(),
                )
            )

    def _load_hospitals(self):
        rows = self._read_csv("hospitals.csv")
        self._hospital_by_name = {row["name"].strip(): slugify_da(row["name"]) for row in rows}
        for row in rows:
            parent = row.get("parent", "").strip()
            if parent and parent not in self._hospital_by_name:
                raise ValueError(f"hospitals.csv: unknown parent {parent!r} of {row['name']!r}")
            self._add_org(
                Org(
                    slug=slugify_da(row["name"]),
                    name=row["name"].strip(),
                    kind=HOSPITAL_KINDS.get(row["kind"].strip(), "other"),
                    region=self._region_slug(row["region"]),
                    parent=self._hospital_by_name[parent] if parent else None,
                    aliases=tuple(_split_aliases(row["aliases"])),
                    note=(row.get("note") or "").strip(),
                )
            )

    def _load_organisations(self):
        for row in self._read_csv("organisations.csv"):
            region = self._region_slug(row["region"])
            aliases = _split_aliases(row["aliases"])
            code = ""
            if row["kind"] == "region" and region:
                # The region as a partner carries the region's own aliases (regions.csv).
                aliases += [a for a in self._region_aliases[region] if a not in aliases]
                code = self.region_codes[region]
            parent = (row.get("parent") or "").strip()
            self._add_org(
                Org(
                    slug=row["slug"].strip(),
                    name=row["name"].strip(),
                    kind=row["kind"].strip(),
                    region=region,
                    parent=slugify_da(parent) if parent else None,
                    aliases=tuple(aliases),
                    code=code,
                    is_group=(row.get("is_group") or "").strip().lower() == "true",
                    note=(row.get("note") or "").strip(),
                )
            )
        self._region_org = {
            org.region: org.slug
            for org in self._orgs.values()
            if org.kind == "region" and org.region
        }

    def _load_clusters(self):
        data = tomllib.loads((self.reference_dir / "clusters.toml").read_text(encoding="utf-8"))
        self._clusters: dict[tuple[str, str], Cluster] = {}
        for entry in data["cluster"]:
            region = entry["region"]
            if region not in self.region_names:
                raise ValueError(f"clusters.toml: unknown region {region!r}")
            try:
                hospital = self._hospital_by_name[entry["hospital"]]
                municipalities = [self._kommune_by_short[m] for m in entry["municipalities"]]
            except KeyError as exc:
                raise ValueError(f"clusters.toml: {entry['slug']}: unknown name {exc}") from None
            cluster = Cluster(
                region=region,
                slug=entry["slug"],
                name=entry["name"],
                kind=entry["kind"],
                hospital=hospital,
                municipalities=municipalities,
                aliases=tuple(entry.get("aliases", ())),
                uncertain=entry.get("uncertain", ""),
            )
            if (region, cluster.slug) in self._clusters:
                raise ValueError(f"clusters.toml: {region}/{cluster.slug} is defined twice")
            self._clusters[(region, cluster.slug)] = cluster

    def _load_rules(self):
        data = tomllib.loads((self.reference_dir / "partner_rules.toml").read_text("utf-8"))
        self._generics: dict[str, _Generic] = {}
        self._generic_phrases: dict[str, str] = {}  # phrase → generic key
        for entry in data.get("generic", []):
            generic = _Generic(
                key=entry["key"],
                targets=dict(entry.get("targets", {})),
                fallback=entry.get("fallback"),
                prose=entry.get("prose", True),
            )
            for slug in [*generic.targets.values(), generic.fallback]:
                if slug and slug not in self._orgs:
                    raise ValueError(f"partner_rules.toml: {generic.key}: unknown slug {slug!r}")
            self._generics[generic.key] = generic
            for phrase in entry["phrases"]:
                self._generic_phrases[phrase] = generic.key

        region_names, region_genitives = [], []
        for slug, name in self.region_names.items():
            region_names.append(name)
            for alias in self._region_aliases[slug]:
                (region_genitives if alias == name + "s" else region_names).append(alias)
            region_genitives.append(name + "s")
        cluster_names = sorted(
            {n for c in self._clusters.values() for n in (c.name, *c.aliases)},
            key=len,
            reverse=True,
        )
        counts = r"(?:\d+|" + "|".join(COUNT_WORDS) + ")"
        placeholders = {
            "{REGION}": _alternation(region_names),
            "{REGION_GEN}": _alternation(set(region_genitives)),
            "{CLUSTER}": _alternation(cluster_names),
            "{COUNT}": counts,
        }
        self._rules: list[_Rule] = []
        for order, entry in enumerate(data.get("group", [])):
            pattern = entry["pattern"]
            for key, value in placeholders.items():
                pattern = pattern.replace(key, value)
            if entry["kind"] not in KINDS:
                raise ValueError(f"partner_rules.toml: unknown kind {entry['kind']!r}")
            self._rules.append(
                _Rule(
                    regex=re.compile(f"{_START}(?:{pattern}){_END}", re.IGNORECASE),
                    kind=entry["kind"],
                    names=list(entry["names"]),
                    prose=entry.get("prose", False),
                    parent=entry.get("parent"),
                    order=order,
                )
            )

        def compile_list(patterns, flags=re.IGNORECASE):
            if not patterns:
                return None
            return re.compile(f"{_START}(?:{'|'.join(patterns)}){_END}", flags)

        self._masks = compile_list(data.get("masks", []), flags=0)
        self._ignore = compile_list(data.get("ignore", []))
        self._ignore_full = re.compile(f"(?:{'|'.join(data.get('ignore', []))})", re.IGNORECASE)
        self._fillers = compile_list([re.escape(f) for f in data.get("fillers", [])])
        self._all_regions = compile_list([re.escape(p) for p in data.get("all_regions", [])])
        self._not_name_words = {w.lower() for w in data.get("not_name_words", [])}
        # The slugs on-the-fly groups can have, so that is_group() knows a group it never made
        # (fixtures read back in another process).
        shapes = set()
        for rule in self._rules:
            for template in rule.names:
                literals = [slugify_da(part) for part in re.split(r"\{\w+\}", template)]
                shapes.add("[a-z0-9-]*".join(re.escape(lit) for lit in literals))
        self._group_slug = re.compile("|".join(f"(?:{shape})" for shape in sorted(shapes)))

    def _build_matcher(self):
        """Every name, indexed by its first word, with what it means.

        An index rather than one regular expression over ~1,500 names: it builds in a few
        milliseconds and finds the longest name at every word start, overlapping ones included.
        """
        self._meanings: dict[str, tuple] = {}  # lookup key → meaning
        spelling: dict[str, str] = {}  # lookup key → the name as the data writes it
        owner: dict[str, str] = {}
        self._genitive_regions: set[str] = set()

        def add(alias, meaning, slug=None, *, override=False, quiet=False):
            key = _lookup_key(alias)
            if key in self._meanings and self._meanings[key] != meaning and not override:
                if not quiet:
                    self.alias_conflicts.append((alias, owner[key], slug))
                return
            self._meanings[key] = meaning
            owner[key] = slug
            spelling[key] = alias

        for org in self._orgs.values():
            for alias in (org.name, *org.aliases):
                if org.kind == "region" and org.region:
                    add(alias, ("region", org.region), org.slug)
                else:
                    add(alias, ("org", org.slug), org.slug)
        for slug, name in self.region_names.items():
            region_org = self._region_org.get(slug, slug)
            for alias in [name, *self._region_aliases[slug], name + "s"]:
                add(alias, ("region", slug), region_org)
            self._genitive_regions.add((name + "s").lower())
        self._cluster_aliases: dict[str, dict[str, Cluster]] = {}
        for cluster in self._clusters.values():
            for alias in (cluster.name, *cluster.aliases):
                self._cluster_aliases.setdefault(alias.lower(), {})[cluster.region] = cluster
                # A name that is both an organisation and a cluster is the organisation.
                add(alias, ("cluster", alias.lower()), quiet=True)
        # Generic phrases win over an organisation's alias: "PLO" in a Region Hovedstaden note is
        # Almen praksis i Region Hovedstaden, not the national organisation. They are common
        # nouns, so any case matches ("Almen praksis", "almen praksis").
        for phrase, key in self._generic_phrases.items():
            add(
                phrase if _is_abbreviation(phrase) else phrase.lower(),
                ("generic", key),
                override=True,
            )

        self._index: dict[str, list[tuple]] = {}
        for key, alias in spelling.items():
            first = _WORD.match(key.lower())
            if first is None:
                continue
            entry = (len(key), key.lower(), _case_mode(alias), alias, self._meanings[key])
            self._index.setdefault(first.group(), []).append(entry)
        for entries in self._index.values():
            entries.sort(key=lambda entry: (-entry[0], entry[1]))

    def _scan(self, text):
        """(start, end, name, meaning) of the longest name at each word start of ``text``."""
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        found = []
        for word in _WORD_START.finditer(lower):
            start = word.start()
            for length, key, mode, alias, meaning in self._index.get(word.group(), ()):
                end = start + length
                if not lower.startswith(key, start) or not _ends_word(text, end):
                    continue
                if mode == "exact" and text[start:end] != alias:
                    continue
                if mode == "first" and text[start] != alias[0]:
                    continue
                found.append((start, end, text[start:end], meaning))
                break
        return found

    # Public look-ups ------------------------------------------------------------------------

    def organisations(self) -> list[Org]:
        """Every organisation of the reference data (not the ones made from text)."""
        return list(self._orgs.values())

    def clusters(self) -> list[Cluster]:
        return list(self._clusters.values())

    def organisation(self, slug: str) -> Org | None:
        """The organisation with ``slug``, known or made from text by this gazetteer."""
        return self._orgs.get(slug) or self._dynamic.get(slug)

    def is_known(self, slug: str) -> bool:
        """Whether ``slug`` is in the reference data (not made from text)."""
        return slug in self._orgs

    def is_group(self, slug: str) -> bool:
        """Whether ``slug`` names a group of organisations (reference or made from text)."""
        org = self.organisation(slug)
        if org is not None:
            return org.is_group
        return bool(self._group_slug.fullmatch(slug or ""))

    def region_of(self, slug: str) -> str | None:
        org = self.organisation(slug)
        if org is not None:
            return org.region
        return slug if slug in self.region_names else None

    def cluster(self, region_slug: str | None, cluster_slug: str | None) -> Cluster | None:
        return self._clusters.get((region_slug, cluster_slug))

    def cluster_members(self, region_slug: str, cluster_slug: str) -> list[str]:
        """The cluster's hospital and kommuner (slugs); [] for an unknown cluster."""
        cluster = self.cluster(region_slug, cluster_slug)
        if cluster is None:
            return []
        return [cluster.hospital, *cluster.municipalities]

    # Reading text ---------------------------------------------------------------------------

    def resolve_partners(
        self, text: str, *, region: str | None, cluster: str | None = None
    ) -> Resolution:
        """The organisations a partner cell names, in order; unknown names become ``other``."""
        return self._read(text, region=region, cluster=cluster, prose=False)

    def find_in_text(self, prose: str, *, region: str | None) -> Resolution:
        """Organisations and regions that free prose names, confident matches only."""
        return self._read(prose, region=region, cluster=None, prose=True)

    def _read(self, text, *, region, cluster, prose):
        text = _clean(text)
        result = Resolution()
        if not text:
            return result
        region = region if region in self.region_names else None
        items = _select(self._candidates(text, prose))
        items = self._fix_context(text, items, prose)
        context = self._context(items, region, cluster)
        if prose:
            pieces = []
        else:
            items, pieces = self._residue(text, items)
        self._emit(items, pieces, context, prose, result)
        return result

    def _candidates(self, text, prose):
        found = []
        for start, end, name, meaning in self._scan(text):
            kind = meaning[0]
            if kind == "region" and name.lower() in self._genitive_regions:
                # "Region Hovedstadens Kommunikationscenter" is a unit, not the region; "Region
                # Hovedstadens oplæg" only says where.
                following = re.match(r" ([A-ZÆØÅ][\w-]*(?: [A-ZÆØÅ][\w-]*)*)", text[end:])
                if following:
                    span_end = end + following.end()
                    found.append(_Item(start, span_end, text[start:span_end], "mask"))
                    continue
                kind = "region_mention"
            if kind == "cluster" and prose:
                continue
            if kind == "generic" and prose and not self._generics[meaning[1]].prose:
                continue
            found.append(_Item(start, end, name, kind, meaning[1]))
        for rule in self._rules:
            if prose and not rule.prose:
                continue
            for match in rule.regex.finditer(text):
                found.append(_Item(match.start(), match.end(), match.group(), "group", rule))
        for regex, kind in (
            (self._masks, "mask"),
            (self._ignore, "ignore"),
            (self._fillers, "filler"),
            (self._all_regions, "all"),
        ):
            if regex is not None:
                for match in regex.finditer(text):
                    found.append(_Item(match.start(), match.end(), match.group(), kind))
        for item in found:
            item.rank = _RANKS[item.type] * 1000 + (item.value.order if item.type == "group" else 0)
        return found

    def _is_kommune(self, item):
        return item.type == "org" and self._orgs[item.value].kind == "municipality"

    def _fix_context(self, text, items, prose):
        """Kommune lists with one head noun; groups that restate a list; what prose may claim.

        Items that turn out to be part of something else become "consumed": they keep their
        span (so their words are not read again as names) but name nothing.
        """
        listed: set[int] = set()
        self._head_nouns(text, items, listed)
        live = [item for item in items if item.type not in ("consumed", "filler")]
        for index, item in enumerate(live):
            if item.type != "group":
                continue
            # "(alle kommuner i planområdet)" after a list, "8 ud af 9 kommuner i planområde
            # midt: Ballerup, …" before one: the group only restates the kommuner listed.
            before = live[index - 1] if index > 0 else None
            after = live[index + 1] if index + 1 < len(live) else None
            restates_list_before = (
                before is not None
                and self._is_kommune(before)
                and re.fullmatch(r"\s*(?:[Kk]ommuner\s*)?\(\s*", text[before.end : item.start])
            )
            restates_list_after = (
                after is not None
                and self._is_kommune(after)
                and re.fullmatch(r"\s*:\s*", text[item.end : after.start])
            )
            if restates_list_before or restates_list_after:
                item.type = "consumed"
        if prose:
            for item in items:
                # A bare kommune name in prose is a town ("Business Viborg") unless it says
                # Kommune, carries a list's head noun, or stands in a list of kommuner.
                if (
                    self._is_kommune(item)
                    and item.start not in listed
                    and "kommune" not in item.text.lower()
                ):
                    item.type = "consumed"
        return items

    def _head_nouns(self, text, items, listed):
        """Runs of kommune names ("Københavns, Tårnby og Dragør kommuner") and their head noun.

        The head noun ("kommuner", "kommunerne A, B og C") belongs to the list, so it is not a
        group of its own (it is consumed). The starts of listed kommune names go in ``listed``.
        """
        gaps = _gaps(text, items)
        i = 0
        while i < len(items):
            if not self._is_kommune(items[i]):
                i += 1
                continue
            j = i
            while (
                j + 1 < len(items)
                and self._is_kommune(items[j + 1])
                and re.fullmatch(r"\s*(?:,|,?\s*og|,?\s*samt|,?\s*eller|&)\s*", gaps[j + 1])
            ):
                j += 1
            head = False
            after = items[j + 1] if j + 1 < len(items) else None
            if re.match(r"\s+[Kk]ommuner?\b", gaps[j + 1]):
                head = True
            elif after is not None and _is_bare_group(after) and not gaps[j + 1].strip():
                after.type = "consumed"
                head = True
            before = items[i - 1] if i > 0 else None
            if re.search(r"\b[Kk]ommunerne:?\s+$", gaps[i]):
                head = True
            elif (
                before is not None and _is_bare_group(before) and re.fullmatch(r"\s*:?\s*", gaps[i])
            ):
                before.type = "consumed"
                head = True
            if head or j > i:
                listed.update(items[k].start for k in range(i, j + 1))
            i = j + 1

    def _context(self, items, region, cluster):
        """Region, cluster and anchor organisation that name this text's groups."""
        inferred = region
        if inferred is None:
            seen = []
            for item in items:
                found = None
                if item.type == "org":
                    found = self._orgs[item.value].region
                elif item.type in ("region", "region_mention"):
                    found = item.value
                if found and found not in seen:
                    seen.append(found)
            if len(seen) == 1:
                inferred = seen[0]
        the_cluster = self.cluster(inferred, cluster) if cluster else None
        anchors = []
        for item in items:
            if item.type == "org":
                org = self._orgs[item.value]
                if org.kind in ("hospital", "psychiatry") and org.slug not in anchors:
                    anchors.append(org.slug)
        if the_cluster is None and cluster is None:
            candidates = {
                c.slug: c
                for c in self._clusters.values()
                if c.hospital in anchors and (inferred is None or c.region == inferred)
            }
            hospitals_in_text = [a for a in anchors if self._orgs[a].kind == "hospital"]
            owners = {c.hospital for c in candidates.values()}
            if len(candidates) == 1 and owners == set(hospitals_in_text):
                the_cluster = next(iter(candidates.values()))
        return {
            "region": inferred,
            "cluster": the_cluster,
            "anchor": self._orgs[anchors[0]] if len(anchors) == 1 else None,
        }

    def _residue(self, text, items):
        """The text between matches as name-like pieces (partner cells only).

        Returns the items still standing and the pieces as (position, text, parent slug).
        """
        gaps = _gaps(text, items)
        skip = {}  # gap index → characters at its start that belong to the known name before it
        for index, item in enumerate(items):
            if item.type in ("org", "generic"):
                # "Rigshospitalet - Klinik for rygmarvsskader", "Psykiatrisk Center Ballerup
                # (OPUS team)": a part or a note on a known organisation, not a partner.
                pattern = (
                    r"\s*\([^()]*\)"
                    if item.type == "generic"
                    else r"\s*\([^()]*\)|\s+-\s+[^,;()-]*"
                )
                part = re.match(pattern, gaps[index + 1])
                if part:
                    skip[index + 1] = part.end()
        per_gap = []
        for index, gap in enumerate(gaps):
            base = (items[index - 1].end if index else 0) + skip.get(index, 0)
            per_gap.append(_pieces(gap[skip.get(index, 0) :], base))
        absorbed = set()
        pieces = []
        for index, item in enumerate(items):
            if item.type not in ("org", "region"):
                continue
            gap = gaps[index][skip.get(index, 0) :]
            connector = re.search(r"(?:^|\s)(i|under)\s*$", gap)
            if not connector:
                continue
            before = gap[: connector.start()]
            parent = item.value if item.type == "org" else self._region_org.get(item.value)
            last = per_gap[index][-1] if per_gap[index] else None
            if before.strip() and last is not None and self._name_like(last[1]):
                # "Kommunikationscentret i Region Hovedstaden", "Center for Kræft og Sundhed i
                # Københavns Kommune": an unknown unit in (and under) a known organisation.
                per_gap[index].pop()
                absorbed.add(index)
                pieces.append((last[0], f"{last[1]} {connector.group(1)} {item.text}", parent))
            elif not before.strip() and index > 0 and item.type == "region":
                # "Forskningscenter for Forebyggelse og Sundhed under Region Hovedstaden" says
                # where the centre is; the region is not a partner of its own.
                absorbed.add(index)
        for gap_pieces in per_gap:
            pieces.extend((position, piece, None) for position, piece in gap_pieces)
        return [item for index, item in enumerate(items) if index not in absorbed], pieces

    def _name_like(self, piece):
        """Whether a piece of leftover text reads as an organisation's name.

        A name is short, has no finite verbs or sentence words, and ends in a capitalised word
        or an abbreviation ("Den Sociale Virksomhed", "Kommunalt Misbrugscenter (KAPS)");
        "Projektmodellen lægger op" and "patienter fra afdelingen" are not names.
        """
        words = piece.split()
        if not words or len(words) > 8:
            return False
        if any(w.lower().strip(".,:;()") in self._not_name_words for w in words):
            return False
        last = words[-1].strip(".,:;()")
        return last[:1].isupper() or last[:1].isdigit() and any(c.isalpha() for c in last)

    def _emit(self, items, pieces, context, prose, result):
        entries = []  # (position, Org | None, region slug | None)
        for item in items:
            if item.type == "org":
                entries.append((item.start, self._orgs[item.value], None))
            elif item.type == "region":
                org_slug = self._region_org.get(item.value)
                org = self._orgs[org_slug] if org_slug and not prose else None
                entries.append((item.start, org, item.value))
            elif item.type == "region_mention":
                entries.append((item.start, None, item.value))
            elif item.type == "all":
                result.all_regions = True
            elif item.type == "cluster":
                cluster = self._cluster_aliases[item.value].get(context["region"])
                if cluster is None:
                    clusters = list(self._cluster_aliases[item.value].values())
                    cluster = clusters[0] if len(clusters) == 1 else None
                if cluster is None:
                    result.warnings.append(f"Klyngen {item.text!r} kan ikke placeres i en region")
                    continue
                for slug in self.cluster_members(cluster.region, cluster.slug):
                    entries.append((item.start, self._orgs[slug], None))
            elif item.type == "generic":
                org = self._generic(item, context)
                if org is None and not prose:
                    # "behandlingspsykiatrien" with no region to place it in.
                    org = self._unplaced(item)
                    result.unknown.append(org.name)
                    result.warnings.append(f"Kan ikke placeres uden region: {item.text!r}")
                if org is not None:
                    entries.append((item.start, org, None))
            elif item.type == "group":
                entries.append((item.start, self._group(item, context), None))
            elif item.type == "ignore" and not prose:
                result.warnings.append(f"Ikke en organisation, udeladt: {item.text!r}")
            elif item.type == "mask" and not prose:
                pieces.append((item.start, item.text, None))
        for position, piece, parent in pieces:
            name = _tidy_name(piece)
            if not name:
                continue
            if parent is None and self._ignore_full.fullmatch(piece.strip()):
                result.warnings.append(f"Ikke en organisation, udeladt: {piece.strip()!r}")
                continue
            if parent is None and not self._name_like(piece):
                result.warnings.append(f"Tekst uden organisation, udeladt: {piece.strip()!r}")
                continue
            org = self._unknown(name, parent, context)
            entries.append((position, org, None))
            if not self.is_known(org.slug):
                result.unknown.append(name)
                result.warnings.append(f"Ukendt samarbejdspartner: {name!r}")
        entries.sort(key=lambda entry: entry[0])
        seen = set()
        for _, org, region in entries:
            if org is not None and org.slug not in seen:
                seen.add(org.slug)
                result.partners.append(org)
            for slug in (region, org.region if org is not None else None):
                if slug and slug not in result.regions:
                    result.regions.append(slug)
        result.unknown = list(dict.fromkeys(result.unknown))

    def _generic(self, item, context):
        generic = self._generics[item.value]
        slug = generic.targets.get(context["region"]) if context["region"] else None
        slug = slug or generic.fallback
        return self._orgs.get(slug) if slug else None

    def _unplaced(self, item):
        """A generic phrase without a region: an organisation of the kind it would have had."""
        generic = self._generics[item.value]
        kinds = {self._orgs[slug].kind for slug in generic.targets.values()}
        name = _tidy_name(item.text)
        org = Org(
            slug=_name_slug(name),
            name=name,
            kind=kinds.pop() if len(kinds) == 1 else "other",
            note="Named in a source note without a region to place it in.",
        )
        return self._orgs.get(org.slug) or self._dynamic.setdefault(org.slug, org)

    def _group(self, item, context):
        rule: _Rule = item.value
        values = {}
        region = context["region"]
        explicit_region = self._region_in(item.text)
        if explicit_region:
            region = explicit_region
        cluster = context["cluster"]
        explicit_cluster = self._cluster_in(item.text, region)
        if explicit_cluster:
            cluster = explicit_cluster
            region = cluster.region
        if cluster is not None and (region is None or cluster.region == region):
            values["cluster"] = cluster.name
        if region:
            values["region"] = self.region_names[region]
        if context["anchor"] is not None:
            values["anchor"] = context["anchor"].name
        count = re.match(r"(\d+|" + "|".join(COUNT_WORDS) + r")\b", item.text, re.IGNORECASE)
        if count:
            word = count.group(1).lower()
            if word.isdigit():
                number = int(word)
                word = COUNT_WORDS[number - 1] if 1 <= number <= len(COUNT_WORDS) else word
            values["count"] = word.capitalize()
        name = None
        for template in rule.names:
            wanted = re.findall(r"\{(\w+)\}", template)
            if all(key in values for key in wanted):
                name = template.format(**values)
                break
        if name is None:
            name = re.sub(r"\s*\(?\{\w+\}\)?", "", rule.names[-1]).strip() or item.text
        slug = slugify_da(name)
        known = self._orgs.get(slug)
        if known is not None:
            return known
        parent = None
        if rule.parent and rule.parent in self._generics and region:
            parent = self._generics[rule.parent].targets.get(region)
        org = Org(
            slug=slug,
            name=name[:1].upper() + name[1:],
            kind=rule.kind,
            region=region,
            parent=parent,
            is_group=True,
            note="A group named in a source note, not one organisation.",
        )
        return self._dynamic.setdefault(slug, org)

    def _unknown(self, name, parent, context):
        slug = _name_slug(name)
        known = self._orgs.get(slug)
        if known is not None:
            return known
        if parent is None:
            # "Region Hovedstadens Kommunikationscenter": a unit of the region.
            genitive = next(
                (r for r in self.region_names if name.startswith(self.region_names[r] + "s ")), None
            )
            parent = self._region_org.get(genitive) if genitive else None
        org = Org(
            slug=slug,
            name=name,
            kind="other",
            region=self._orgs[parent].region if parent in self._orgs else context["region"],
            parent=parent,
            note="Named in a source note; not in the reference data.",
        )
        return self._dynamic.setdefault(slug, org)

    def _region_in(self, text):
        for _, _, _, meaning in self._scan(text):
            if meaning[0] == "region":
                return meaning[1]
        return None

    def _cluster_in(self, text, region):
        lowered = text.lower()
        for alias in sorted(self._cluster_aliases, key=len, reverse=True):
            if re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", lowered):
                by_region = self._cluster_aliases[alias]
                if region in by_region:
                    return by_region[region]
                if region is None and len(by_region) == 1:
                    return next(iter(by_region.values()))
        return None


@lru_cache(maxsize=8)
def _load_cached(reference_dir: Path) -> Gazetteer:
    return Gazetteer(reference_dir)


def _alternation(names) -> str:
    names = sorted({n for n in names if n}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(n) for n in names) + ")"


def _select(candidates):
    """Longest spans first; a span that overlaps one already taken is dropped."""
    taken = []
    for item in sorted(candidates, key=lambda c: (-c.length, c.rank, c.start)):
        if item.length <= 0:
            continue
        if all(item.end <= t.start or item.start >= t.end for t in taken):
            taken.append(item)
    return sorted(taken, key=lambda t: t.start)


def _is_bare_group(item):
    return item.type == "group" and item.text.lower() in ("kommuner", "kommune", "kommunerne")


def _gaps(text, items):
    """The text before, between and after the items: len(items) + 1 strings."""
    gaps, position = [], 0
    for item in items:
        gaps.append(text[position : item.start])
        position = item.end
    gaps.append(text[position:])
    return gaps


_EDGE_WORDS = {
    "og", "samt", "med", "i", "på", "under", "fra", "hos", "mellem", "eller", "ved", "af",
    "til", "om", "for", "sammen", "samarbejde", "samarbejdet", "bl.a.", "f.eks.", "fx",
}  # fmt: skip
_ARTICLES = {"de", "det", "den", "et", "en", "alle", "samtlige"}
_HARD_SPLIT = re.compile(r"\s*[,;/]\s*|\.\s+|\s+-\s+|\s*:\s+")
_SOFT_SPLIT = re.compile(r"\s+(?:og/eller|og|samt|sammen med|med|eller)\s+")


def _pieces(gap, start):
    """Name-like pieces of the text between matches, with their positions."""
    out = []
    for part, offset in _split_outside_parentheses(gap, _HARD_SPLIT):
        for piece, inner in _split_soft(part):
            cleaned = _strip_edges(piece)
            if cleaned:
                out.append((start + offset + inner + max(piece.find(cleaned), 0), cleaned))
    return out


def _split_outside_parentheses(text, regex):
    parts, depth, last = [], 0, 0
    i = 0
    while i < len(text):
        char = text[i]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            match = regex.match(text, i)
            if match and match.end() > i:
                parts.append((text[last:i], last))
                last = i = match.end()
                continue
        i += 1
    parts.append((text[last:], last))
    return parts


def _split_soft(part):
    """Split on "og", "samt", "med" … but keep "Center for Forsorg og Behandling" whole."""
    pieces = _split_outside_parentheses(part, _SOFT_SPLIT)
    merged = []
    for piece, offset in pieces:
        if merged:
            left = merged[-1][0]
            stripped = _strip_edges(piece)
            single_word = len(stripped.split()) == 1 and stripped[:1].isupper()
            if single_word and re.search(r"\b(?:for|om|til|af)\b", left):
                gap = part[merged[-1][1] + len(left) : offset]
                merged[-1] = (left + gap + piece, merged[-1][1])
                continue
        merged.append((piece, offset))
    return merged


def _strip_edges(piece):
    words = piece.strip(" .,;:-").split()
    while words and (words[0].lower() in _EDGE_WORDS or words[0].strip("()").isdigit()):
        words.pop(0)
    while words and (words[-1].lower() in _EDGE_WORDS or words[-1] in ("(", ")")):
        words.pop()
    if all(w.lower() in _ARTICLES | _EDGE_WORDS or w.isdigit() for w in words):
        return ""
    text = " ".join(words).strip(" .,;:-")
    if text.count("(") != text.count(")"):
        text = text.strip("()").strip()
    return text


def _name_slug(name):
    """The slug of an organisation made from text; a stable hash where letters give none."""
    slug = slugify_da(name)
    if len(slug) < 2:
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
        slug = f"{slug}-{digest}".strip("-") if slug else f"ukendt-{digest}"
    return slug


def _tidy_name(piece):
    name = re.sub(r"\s+", " ", piece).strip(" .,;:-")
    return name[:1].upper() + name[1:] if name else ""
