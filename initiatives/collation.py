"""Danish alphabetical order as a stored key (æ, ø, å after z), the same on every database.

``sort_key(title)`` turns a title into a string of two-digit codes, one per letter in the order
of ``reference/collation.toml`` (space 00, digits 01–10, a–å 11–39). Strings of ASCII digits
compare the same byte by byte (SQLite) and under any PostgreSQL collation, so one B-tree index on
``Initiative.sort_key`` serves "sort by title" on both, without a database-specific collation.

Case never matters; accents fold onto their base letter; ä, ö and ü sort as æ, ø and y;
punctuation is ignored; whitespace separates words. Only the first ``KEY_LETTERS`` letters count
(ties fall back to the title, then the primary key). The "aa = å" rule of Danish dictionaries is
not applied: in a catalogue of project titles "Aarhus" first among the A's is what people expect
from the rest of the web.
"""

import functools
import tomllib
import unicodedata
from pathlib import Path

COLLATION_FILE = Path(__file__).resolve().parent.parent / "reference" / "collation.toml"
KEY_LETTERS = 100
MAX_LENGTH = 2 * KEY_LETTERS


@functools.cache
def _table():
    data = tomllib.loads(COLLATION_FILE.read_text(encoding="utf-8"))
    codes = {" ": "00"}
    for rank, letter in enumerate(data["alphabet"], start=1):
        codes[letter] = f"{rank:02d}"
    for letter, base in data["same_as"].items():
        codes[letter] = "".join(codes[b] for b in base)
    return codes


def sort_key(title):
    """The Danish sort key of ``title``: a string of digits (see the module docstring)."""
    codes = _table()
    parts = []
    space = True  # no leading space, and runs of spaces count once
    for char in unicodedata.normalize("NFC", (title or "").lower()):
        if char.isspace():
            if not space:
                parts.append("00")
                space = True
            continue
        code = codes.get(char)
        if code is None:
            # A decomposable letter we do not list (ő, ǎ …) sorts as its base letter.
            base = unicodedata.normalize("NFD", char)[:1]
            code = codes.get(base) if base != char else None
        if code is not None:
            parts.append(code)
            space = False
    key = "".join(parts)
    if key.endswith("00"):
        key = key[:-2]
    return key[:MAX_LENGTH]
