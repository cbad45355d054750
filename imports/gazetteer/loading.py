"""The gazetteer's data: the reference organisations, regions, clusters and partner rules.

This module owns turning the reference files (read by ``imports.reference``: regions.csv,
kommuner.csv, hospitals.csv, organisations.csv, clusters.toml, partner_rules.toml) into plain
values, checking them (an unknown region, parent or cluster member is a ``ValueError`` naming the
file), and the name index the matcher scans text with. It reads no note text; matching is
``imports.gazetteer.matching``.
"""

from __future__ import annotations

import re
from pathlib import Path

from imports import reference
from imports.reference import split_aliases as _split_aliases
from imports.text import slugify_da

from .model import (
    COUNT_WORDS,
    HOSPITAL_KINDS,
    KINDS,
    Cluster,
    Org,
    _case_mode,
    _Generic,
    _is_abbreviation,
    _lookup_key,
    _Rule,
)
from .spans import _END, _START, _WORD, _alternation


class GazetteerData:
    """The reference organisations, regions and clusters, their rules, and look-ups by slug."""

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

    # Reading the reference data -----------------------------------------------------------

    def _read_csv(self, name):
        return reference.read_csv(name, self.reference_dir)

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
            # The region itself (kind "region", named as the region): its own aliases and code.
            is_region = (
                row["kind"] == "region" and region and row["name"] == self.region_names[region]
            )
            if is_region:
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
            if org.kind == "region" and org.region and org.name == self.region_names[org.region]
        }

    def _load_clusters(self):
        data = reference.read_toml("clusters.toml", self.reference_dir)
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
        data = reference.read_toml("partner_rules.toml", self.reference_dir)
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
            if entry.get("parent_org") and entry["parent_org"] not in self._orgs:
                raise ValueError(f"partner_rules.toml: unknown parent_org {entry['parent_org']!r}")
            if entry.get("prose", False) not in (True, False, "block"):
                raise ValueError("partner_rules.toml: prose must be true, false or 'block'")
            self._rules.append(
                _Rule(
                    regex=re.compile(f"{_START}(?:{pattern}){_END}", re.IGNORECASE),
                    kind=entry["kind"],
                    names=list(entry["names"]),
                    prose=entry.get("prose", False),
                    parent=entry.get("parent"),
                    order=order,
                    parent_org=entry.get("parent_org"),
                    refers_back=entry.get("refers_back", False),
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
        phrases = data.get("collaboration", [])
        self._collaboration = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")\s[^.;:!?]*",
                re.IGNORECASE,
            )
            if phrases
            else None
        )
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
                if org.slug in self._region_org.values():
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
