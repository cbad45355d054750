"""The gazetteer's matcher: partner text and prose resolved against the reference data.

Two readings of text (pure; no ORM, no Django), both returning a ``Resolution``:

* :meth:`Gazetteer.resolve_partners` reads a partner cell ("Amager Hospital, Københavns, Tårnby
  og Dragør kommuner."). Everything in the cell is accounted for: known names and their old
  names, the region's general practice, groups ("kommunerne i planområdet") made into their own
  organisations, and unknown names made into ``other`` organisations with a warning.
* :meth:`Gazetteer.find_in_text` reads free prose and keeps confident matches only: named
  organisations, kommuner with a head noun or in a list, explicit groups, and regions.

Known names are matched before the text is split on "og" and commas, longest name first, so
"Herlev og Gentofte Hospital" is one hospital and "Herlev" alone is the kommune. Groups and
unknown names are created on the fly, deterministically (same text → same slug); the gazetteer
remembers them so that ``is_group`` and ``region_of`` know them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .model import Resolution, _is_abbreviation
from .naming import Naming
from .spans import (
    _RANKS,
    _clean,
    _gaps,
    _is_bare_group,
    _Item,
    _pieces,
    _select,
    _tidy_name,
)


class Gazetteer(Naming):
    """The reference data (``GazetteerData``) and the reading of text against it."""

    @classmethod
    def load(cls, reference_dir: Path) -> Gazetteer:
        """The gazetteer of ``reference_dir`` (read once per directory and process)."""
        return _load_cached(Path(reference_dir).resolve())

    # Public look-ups ------------------------------------------------------------------------

    # Reading text ---------------------------------------------------------------------------

    def collaboration_clauses(self, text: str) -> list[str]:
        """The clauses of ``text`` that say whom it collaborates with ("etableret i samarbejde
        med Lyngby-Taarbæk, Gladsaxe og Gentofte Kommuner"), up to the end of the sentence."""
        if self._collaboration is None:
            return []
        return [match.group() for match in self._collaboration.finditer(_clean(text))]

    def resolve_partners(
        self, text: str, *, region: str | None, cluster: str | None = None
    ) -> Resolution:
        """The organisations a partner cell names, in order; unknown names become ``other``."""
        return self._read(text, region=region, cluster=cluster, prose=False)

    def find_in_text(
        self, prose: str, *, region: str | None, cluster: str | None = None, block: bool = False
    ) -> Resolution:
        """Organisations and regions that free prose names, confident matches only.

        ``block``: the text is the whole of one collaboration's text (an example box, a
        laboratory item) with no partner cell beside it, so the phrases partner_rules.toml marks
        ``prose = "block"`` name its parties too ("den kommunale hjemmesygeplejerske",
        "hospitalet"), and a region it names is a party where no unit of the region is named.
        """
        return self._read(prose, region=region, cluster=cluster, prose=True, block=block)

    def _read(self, text, *, region, cluster, prose, block=False):
        text = _clean(text)
        result = Resolution()
        if not text:
            return result
        region = region if region in self.region_names else None
        items = _select(self._candidates(text, prose, block, region))
        items = self._fix_context(text, items, prose)
        self._refer_back(items, cluster=cluster)
        self._anchor_groups(text, items)
        context = self._context(items, region, cluster)
        if prose:
            pieces = []
        else:
            items, pieces = self._residue(text, items)
        self._emit(items, pieces, context, prose, result, block=block)
        return result

    def _candidates(self, text, prose, block=False, region=None):
        found = []
        for start, end, name, meaning in self._scan(text):
            kind = meaning[0]
            if prose and region and kind == "org" and _is_abbreviation(name):
                # "SHS-team" in a Region Hovedstaden kommune's text is not Sygehus
                # Sønderjylland: in prose an abbreviation names only its own region's bodies.
                org_region = self._orgs[meaning[1]].region
                if org_region and org_region != region:
                    continue
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
            if kind == "generic" and not self._generics[meaning[1]].applies(
                prose=prose, block=block
            ):
                continue
            found.append(_Item(start, end, name, kind, meaning[1]))
        for rule in self._rules:
            if not rule.applies(prose=prose, block=block):
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

    def _refer_back(self, items, *, cluster=None):
        """ "hospitalet", "kommunens visitator": a phrase that points back to an organisation of
        its kind named in the same text is no partner of its own (partner_rules.toml). In a
        cluster's own note the cluster's hospital and kommuner are named by the note itself."""
        kinds = {self._orgs[item.value].kind for item in items if item.type == "org"}
        if cluster:
            kinds |= {"hospital", "municipality"}
        kinds |= {
            item.value.kind for item in items if item.type == "group" and not item.value.refers_back
        }
        similar = {"hospital": {"hospital", "psychiatry"}, "municipality": {"municipality"}}
        for item in items:
            refers_back = item.type == "group" and item.value.refers_back
            if refers_back and kinds & similar.get(item.value.kind, {item.value.kind}):
                item.type = "consumed"

    def _anchor_groups(self, text, items):
        """A group right after a hospital ("Herlev og Gentofte Hospital og kommuner") is that
        hospital's: it takes the hospital's cluster, whatever else the text names."""
        live = [item for item in items if item.type not in ("consumed", "filler")]
        for before, item in zip(live, live[1:], strict=False):
            if item.type != "group" or before.type != "org":
                continue
            if self._orgs[before.value].kind != "hospital":
                continue
            if re.fullmatch(r"\s*(?:,|og|samt|&)?\s*", text[before.end : item.start]):
                item.anchor = before.value

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
        kommuner = {item.value for item in items if self._is_kommune(item)}
        return {
            "region": inferred,
            "cluster": the_cluster,
            "anchor": self._orgs[anchors[0]] if len(anchors) == 1 else None,
            "kommune": self._orgs[kommuner.pop()] if len(kommuner) == 1 else None,
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

    def _emit(self, items, pieces, context, prose, result, *, block=False):
        entries = []  # (position, Org | None, region slug | None)
        region_parties = []  # regions a block names: parties where no unit of theirs is named
        for item in items:
            if item.type == "org":
                entries.append((item.start, self._orgs[item.value], None))
            elif item.type == "region":
                org_slug = self._region_org.get(item.value)
                org = self._orgs[org_slug] if org_slug and not prose else None
                entries.append((item.start, org, item.value))
                if block and org_slug:
                    region_parties.append((item.start, self._orgs[org_slug]))
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
        for position, org in region_parties:
            units = [
                e[1]
                for e in entries
                if e[1] is not None
                and e[1].kind in ("hospital", "psychiatry", "region")
                and e[1].region == org.region
            ]
            if not units:
                entries.append((position, org, None))
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


@lru_cache(maxsize=8)
def _load_cached(reference_dir: Path) -> Gazetteer:
    return Gazetteer(reference_dir)
