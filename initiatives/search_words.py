"""What a Danish search query means, and the words both search stores hold.

The half of ``initiatives.search`` that reads no database: Danish stop words (PostgreSQL's
``danish.stop``), Snowball's Danish stemmer, the synonym sets of
``reference/search_synonyms.toml`` and ``query_groups``, which turns a query into the groups of
alternatives that must all match (see ``initiatives.search`` for how each database matches
them). The SQLite index is written with these stems, so both sides stem alike.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import snowballstemmer

SYNONYMS_FILE = Path(__file__).resolve().parent.parent / "reference" / "search_synonyms.toml"
# A stem shorter than this matches whole only: a prefix "ko" would find half the catalogue.
MIN_PREFIX = 3

# PostgreSQL's danish.stop (the Snowball project's Danish stop-word list), so that SQLite drops
# exactly the words PostgreSQL's 'danish' configuration drops.
_DANISH_STOP = """
    og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi
    min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her
    alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit
    også under have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive
    mange ad bliver hendes været thi jer sådan
"""
STOP_WORDS = frozenset(_DANISH_STOP.split())

_WORD = re.compile(r"\w+")


def _stemmer():
    # Stemmer objects keep state between calls: one per use, never shared across threads.
    return snowballstemmer.stemmer("danish")


def _stems(text, stemmer, memo=None):
    words = [w for w in _WORD.findall((text or "").lower()) if w not in STOP_WORDS]
    if memo is None:
        return stemmer.stemWords(words)
    # Catalogue text repeats its words a great deal: stem each distinct word once.
    stems = []
    for word in words:
        stem = memo.get(word)
        if stem is None:
            stem = memo[word] = stemmer.stemWord(word)
        stems.append(stem)
    return stems


def search_terms(q):
    """The distinct Danish stems a query searches for, in order (stop words dropped)."""
    stems = _stems((q or "").replace("\x00", ""), _stemmer())
    return list(dict.fromkeys(stems))


@dataclass(frozen=True)
class Alternative:
    """One way a query word (or synonym phrase) can match: its words and their stems.

    ``words`` are lower-cased as written, stop words kept (PostgreSQL stems them itself and counts
    a stop word's position inside a phrase); ``stems`` are Danish stems without stop words, as
    the SQLite index holds them.
    """

    words: tuple[str, ...]
    stems: tuple[str, ...]
    whole: bool = False  # a synonym term written "KOL$": never a prefix ("KOL" is not "Kolding")

    @property
    def prefix(self):
        """Whether the last word may match as a prefix (its stem is long enough)."""
        return not self.whole and len(self.stems[-1]) >= MIN_PREFIX


def _alternative(text, stemmer):
    words = tuple(_WORD.findall(text.lower()))
    return Alternative(words, tuple(_stems(" ".join(words), stemmer)), text.rstrip().endswith("$"))


@lru_cache(maxsize=4)
def synonyms(path=SYNONYMS_FILE):
    """{stems of a term: every term of its set as Alternatives} from the synonyms file.

    A term ending in "$" matches whole words only (an abbreviation: "KOL$").

    A term must have a word that is not a stop word and must not end in one; a file that breaks
    this is refused with the set's number.
    """
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    stemmer = _stemmer()
    table = {}
    for number, entry in enumerate(data.get("synonyms", []), start=1):
        alternatives = tuple(_alternative(term, stemmer) for term in entry.get("terms", []))
        for term, alternative in zip(entry.get("terms", []), alternatives, strict=True):
            if not alternative.stems or alternative.words[-1] in STOP_WORDS:
                raise ValueError(f"{Path(path).name}: synonyms {number}: unusable term {term!r}")
        for alternative in alternatives:
            table[alternative.stems] = alternatives
    return table


def query_groups(q):
    """What a query searches for: one group per word or synonym phrase (all groups must match),
    each a tuple of Alternatives (any one matches).

    The longest synonym term at each place in the query wins ("kronisk obstruktiv lungesygdom"
    is one group, with "KOL" as its other alternative). A word repeated is searched once.
    """
    # A list page asks a dozen times (each facet's condition and cache key): worked out once.
    return list(_query_groups(q or ""))


@lru_cache(maxsize=512)
def _query_groups(q):
    stemmer = _stemmer()
    words = [w for w in _WORD.findall(q.replace("\x00", "").lower()) if w not in STOP_WORDS]
    stems = stemmer.stemWords(words)
    table = synonyms()
    longest = max((len(key) for key in table), default=1)
    groups, i = [], 0
    while i < len(stems):
        for size in range(min(longest, len(stems) - i), 0, -1):
            key = tuple(stems[i : i + size])
            if size > 1 and key not in table:
                continue
            group = table.get(key) or (Alternative(tuple(words[i : i + size]), key),)
            break
        if group not in groups:
            groups.append(group)
        i += size
    return tuple(groups)
