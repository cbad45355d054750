"""Linking: which mentions, across notes, report the same real-world initiative.

The rule, applied to every pair of mentions from *different* notes (two rows of one note are
never the same initiative — a note does not list a collaboration twice):

1. **Titles must be alike.** Titles are compared after cleaning (``Tværasektoriel`` →
   ``Tværsektoriel``), lower-casing, dropping punctuation and stemming each word with the Danish
   Snowball stemmer. *Alike* means a character similarity (difflib ratio) of at least
   ``TITLE_RATIO`` on the stemmed titles, or that one title's stems are all among the other's
   with at least ``MIN_SHARED_STEMS`` stems (a note may add a word: "Tværsektoriel stuegang" vs
   "Projektet Tværsektoriel stuegang").
2. **They must share a region.** A Halfway House in Region Nordjylland is not the "Half way
   tilbud" of Psykiatrisk Center Ballerup, however alike the titles.
3. **They must share a named partner**, not counting groups ("kommunerne i planområdet"): a
   national example of telemedicinsk sårvurdering is not Bispebjerg's wound-care collaboration.
   Where one side names no partner at all, an exact title match (ratio 1.0) within the same
   region is enough.

Linked mentions form groups transitively (union–find), but a group never takes two mentions of
the same note: when joining would do that, the pair is left apart. The order of mentions is
fixed (chronological, then file and position), so the same notes always link the same way.

**One exception inside a note: a series.** The same kommune's blocks in a note's yearly tables
(``extra["series"]``, one per year) are one initiative where a later block says it continues an
earlier one ("fortsat fremskudt visitation" after "Fremskudt Visitation", "Ovenstående
træningsindsats planlægges videreført"); the words are data (``reference/link_rules.toml``).
Such rows are joined first; the rest of the rule then treats the joined rows as one.
"""

import difflib
import re
from functools import cache, lru_cache

import snowballstemmer

from imports import reference

TITLE_RATIO = 0.88
MIN_SHARED_STEMS = 2

_stemmer = snowballstemmer.stemmer("danish")
_WORD = re.compile(r"[0-9a-zæøåéü]+")


@lru_cache(maxsize=4096)
def title_stems(title: str) -> tuple[str, ...]:
    words = _WORD.findall(title.lower())
    return tuple(_stemmer.stemWords(words))


def titles_alike(a: str, b: str) -> float:
    """How alike two titles are (0–1); 0 when they are not alike enough to link."""
    sa, sb = title_stems(a), title_stems(b)
    if not sa or not sb:
        return 0.0
    matcher = difflib.SequenceMatcher(None, " ".join(sa), " ".join(sb), autojunk=False)
    # The cheap upper bounds rule out most pairs before the quadratic ratio() runs.
    if matcher.real_quick_ratio() >= TITLE_RATIO and matcher.quick_ratio() >= TITLE_RATIO:
        ratio = matcher.ratio()
        if ratio >= TITLE_RATIO:
            return ratio
    small, large = sorted((set(sa), set(sb)), key=len)
    if len(small) >= MIN_SHARED_STEMS and small <= large:
        return TITLE_RATIO
    return 0.0


def same_initiative(a, b, *, named_partners) -> bool:
    """Whether two mentions (MentionRecords of different notes) report one initiative."""
    if a.source == b.source or not set(a.regions) & set(b.regions):
        return False
    score = titles_alike(a.title, b.title)
    if not score:
        return False
    pa, pb = named_partners(a), named_partners(b)
    if pa and pb:
        return bool(pa & pb)
    return score == 1.0


@cache
def _continuation():
    data = reference.read_toml("link_rules.toml")["continuation"]
    back = re.compile("|".join(f"(?:{p})" for p in data["refers_to_previous"]), re.IGNORECASE)
    before = [m.lower() for m in data["markers_before"]]
    after = [m.lower() for m in data["markers_after"]]
    return back, before, after, int(data["name_words"]), frozenset(data["stop_words"])


def _words(text):
    return _WORD.findall(text.lower())


def continued_names(text: str) -> list[tuple[str, ...]]:
    """The initiatives ``text`` says go on, each as its first content words (link_rules.toml).

    >>> continued_names("fortsat fremskudt visitation på Hillerød Hospital")
    [('fremskudt', 'visitation')]
    """
    _, before, after, size, stop = _continuation()
    words = _words(text)
    names = []
    for index in range(len(words)):
        for marker in before:
            parts = marker.split()
            if words[index : index + len(parts)] == parts:
                following = [w for w in words[index + len(parts) :] if w not in stop][:size]
                if len(following) == size:
                    names.append(tuple(following))
        for marker in after:
            parts = marker.split()
            if words[index : index + len(parts)] == parts:
                preceding = [w for w in words[:index] if w not in stop][-size:]
                if len(preceding) == size:
                    names.append(tuple(preceding))
    return names


def _names(text, name):
    """Whether ``text`` names ``name`` (its content words in a row, stemmed)."""
    _, _, _, _, stop = _continuation()
    words = [w for w in _words(text) if w not in stop]
    stems = tuple(_stemmer.stemWords(list(name)))
    stemmed = _stemmer.stemWords(words)
    return any(tuple(stemmed[i : i + len(stems)]) == stems for i in range(len(stemmed)))


def series_links(mentions) -> list[tuple[object, object]]:
    """(earlier, later) pairs of one note's series that are one initiative (module docstring)."""
    back = _continuation()[0]
    series: dict[tuple, list] = {}
    for mention in mentions:
        key = mention.extra.get("series")
        if key:
            series.setdefault((mention.source, key), []).append(mention)
    pairs = []
    for rows in series.values():
        rows.sort(key=lambda m: (m.extra.get("year") or 0, m.position))
        for index, later in enumerate(rows):
            earlier_rows = [
                m for m in rows[:index] if m.extra.get("year") != later.extra.get("year")
            ]
            if not earlier_rows:
                continue
            text = f"{later.description}"
            if back.search(text):
                pairs.append((earlier_rows[-1], later))
                continue
            for name in continued_names(text):
                match = next(
                    (m for m in reversed(earlier_rows) if _names(m.description, name)), None
                )
                if match is not None:
                    pairs.append((match, later))
                    break
    return pairs


def link(mentions, *, is_group):
    """Group mentions into initiatives: a list of lists of mentions, in a stable order.

    ``is_group(slug)`` tells whether a partner slug is a group organisation; groups do not count
    as shared partners.
    """
    ordered = sorted(mentions, key=lambda m: m.chronology())
    parent = list(range(len(ordered)))
    sources = [{m.source} for m in ordered]

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def named_partners(mention):
        return {slug for slug in mention.partners if not is_group(slug)}

    index = {id(m): i for i, m in enumerate(ordered)}
    for earlier, later in series_links(ordered):
        ri, rj = find(index[id(earlier)]), find(index[id(later)])
        if ri != rj:
            parent[rj] = ri
            sources[ri] |= sources[rj]

    for i, a in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            b = ordered[j]
            ri, rj = find(i), find(j)
            if ri == rj or sources[ri] & sources[rj]:
                continue
            if same_initiative(a, b, named_partners=named_partners):
                parent[rj] = ri
                sources[ri] |= sources[rj]

    groups = {}
    for i, mention in enumerate(ordered):
        groups.setdefault(find(i), []).append(mention)
    return list(groups.values())


def apply_decisions(initiatives, *, moved, redirects):
    """Where each linked mention goes once the editors' decisions are applied (pure).

    ``initiatives`` are the linker's InitiativeRecords; ``moved`` maps a mention's key (source,
    locator) to the slug of the initiative an editor put it in (a moved mention, a split, a
    merge); ``redirects`` maps the slug of an initiative merged away to its survivor's. Returns
    {initiative slug: [mentions]}: a moved mention stays where the editor put it, and the other
    mentions of a merged initiative go to the survivor, on every later import. Examples:

    - merge B into A (``redirects={"b": "a"}``): B's mentions, and any a new note adds to B,
      join A's;
    - a split (``moved={("note", "Tabel 1, række 2"): "new-slug"}``): that row stays in the new
      initiative however the linker groups it.
    """
    placed = {}
    for record in initiatives:
        home = redirects.get(record.slug, record.slug)
        for mention in record.mentions:
            placed.setdefault(moved.get(mention.key, home), []).append(mention)
    return placed
