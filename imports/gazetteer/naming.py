"""The organisations a match names: generic phrases placed in a region, groups named from their
rule's templates, and unknown names made into ``other`` organisations (deterministically: same
text, same slug); and the scan of a text for the names the reference data knows.

``Naming`` sits between the data (``loading.GazetteerData``) and the reading of text
(``matching.Gazetteer``).
"""

from __future__ import annotations

import re

from imports.text import slugify_da

from .loading import GazetteerData
from .model import COUNT_WORDS, Org, _Rule
from .spans import _WORD_START, _ends_word, _name_slug, _tidy_name


class Naming(GazetteerData):
    """Names found in text, and the organisations they stand for."""

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
                # "Gladsaxe og gentofte Kommuner": a kommune's name in lower case is still the
                # kommune where the words "kommune(r)" follow it.
                if (
                    mode == "first"
                    and text[start] != alias[0]
                    and not re.match(r"\s+[Kk]ommuner?\b", text[end:])
                ):
                    continue
                found.append((start, end, text[start:end], meaning))
                break
        return found

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
        if item.anchor is not None:
            own = [c for c in self._clusters.values() if c.hospital == item.anchor]
            own = [c for c in own if region is None or c.region == region]
            cluster = own[0] if len(own) == 1 else None
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
        if context["kommune"] is not None:
            values["kommune"] = context["kommune"].name
        count = re.match(r"(\d+|" + "|".join(COUNT_WORDS) + r")\b", item.text, re.IGNORECASE)
        if count:
            word = count.group(1).lower()
            if word.isdigit():
                number = int(word)
                word = COUNT_WORDS[number - 1] if 1 <= number <= len(COUNT_WORDS) else word
            values["count"] = word.capitalize()
        name = None
        members = ()
        for template in rule.names:
            wanted = re.findall(r"\{(\w+)\}", template)
            if all(key in values for key in wanted):
                name = template.format(**values)
                if "cluster" in wanted and rule.kind == "municipality":
                    members = tuple(cluster.municipalities)
                break
        if name is None:
            name = re.sub(r"\s*\(?\{\w+\}\)?", "", rule.names[-1]).strip() or item.text
        slug = slugify_da(name)
        known = self._orgs.get(slug)
        if known is not None:
            return known
        parent = rule.parent_org
        if rule.parent and rule.parent in self._generics:
            generic = self._generics[rule.parent]
            parent = (generic.targets.get(region) if region else None) or generic.fallback
        org = Org(
            slug=slug,
            name=name[:1].upper() + name[1:],
            kind=rule.kind,
            region=region,
            parent=parent,
            is_group=True,
            note="A group named in a source note, not one organisation.",
            members=members,
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
