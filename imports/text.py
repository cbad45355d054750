"""Danish-aware text helpers shared by the import pipeline (pure functions)."""

import re
import unicodedata

# Danish letters get their conventional ASCII spellings (not NFKD's "o" for "ø"), so that
# "Køge" becomes "koege" as Danish URLs spell it.
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Slugs the site's own pages use under /initiatives/ (the print view); no initiative gets one.
RESERVED_INITIATIVE_SLUGS = frozenset({"print"})


def slugify_da(text: str) -> str:
    """A URL slug: lower-case ASCII, Danish letters spelled out, words joined by "-".

    "Bispebjerg og Frederiksberg Hospital" → "bispebjerg-og-frederiksberg-hospital";
    "Københavns Kommune" → "koebenhavns-kommune".
    """
    text = (text or "").lower().translate(_DANISH)
    # Other accented letters (ö, ä, è …) lose their accents; anything else becomes a separator.
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub("-", text).strip("-")
