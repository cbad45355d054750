"""Spans of text for the gazetteer's matcher: cleaning, choosing overlapping matches, and the
name-like pieces left between matches (pure string functions; no reference data).
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass

from imports.text import slugify_da

# Word boundaries: a name never starts after a letter or a hyphen ("Høje-Taastrup" is not
# "Taastrup") and never ends before a letter or a hyphenated continuation ("PLO" in "PLO-H").
_START = r"(?<![\w-])"
_END = r"(?!\w|-\w)"


@dataclass
class _Item:
    """A span of the text with its meaning: a candidate match, and after selection a token."""

    start: int
    end: int
    text: str
    type: str  # org, region, region_mention, generic, cluster, group, mask, ignore, filler, all
    value: object = None
    rank: int = 0  # breaks ties between equally long spans: lower wins
    anchor: str | None = None  # a group's own hospital ("Amager Hospital og kommuner")

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
