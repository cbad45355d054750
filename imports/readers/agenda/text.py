"""Text helpers of the agenda reader: tidying PDF lines, sentences, and a cell's list items.

Pure string functions over lines of PDF text; they know nothing of agendas or tables.
"""

from __future__ import annotations

import re

Line = tuple[int, str]  # (1-based line number, text)

SENTENCE_END = re.compile(r"[.!?:;]\)?\s*$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\"”„«])")
_BULLET = re.compile(r"^(?:[•▪◦·]\s*|[-–+]\s+|(?:[1-9]|1\d)[.)]\s+(?=[A-ZÆØÅ\"”„«]))")


def tidy(text: str) -> str:
    return " ".join(text.split())


def join_wrapped(head: str, tail: str) -> str:
    # A line broken after a hyphen keeps it: "aften-" + "/nattetimer", "rehab-" + "teamet".
    # Soft hyphenation cannot be told from a compound's hyphen here; the normaliser may fix it.
    if len(head) > 1 and head.endswith("-") and head[-2].isalpha():
        return head + tail
    return f"{head} {tail}" if head else tail


def reflow(texts: list[str]) -> str:
    """Join wrapped lines into one paragraph."""
    out = ""
    for t in texts:
        if t.strip():
            out = join_wrapped(out, tidy(t))
    return out


# Abbreviations that end in a full stop without ending the sentence.
_ABBREVIATIONS = frozenset(
    {"ang", "bl.a", "ca", "d", "dvs", "evt", "f.eks", "fx", "hhv", "ift", "ifm", "ihht"}
    | {"iht", "inkl", "jf", "kr", "mhp", "mht", "ml", "mv", "nr", "pga", "vedr"}
)
# Words a wrapped line may end on but an item never does.
_OPEN_WORDS = frozenset(
    {"af", "at", "de", "den", "der", "det", "en", "et", "eller", "for", "fra", "i", "med"}
    | {"mellem", "og", "om", "på", "samt", "som", "til", "ved"}
)


def ends_sentence(text: str) -> bool:
    text = text.rstrip()
    if not SENTENCE_END.search(text):
        return False
    last = text.split()[-1].rstrip(".)").lower() if text.split() else ""
    return not (text.endswith(".") and last in _ABBREVIATIONS)


def sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for part in _SENTENCE_SPLIT.split(text):
        part = part.strip()
        if not part:
            continue
        if sentences and not ends_sentence(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {part}"
        else:
            sentences.append(part)
    return sentences


def starts_upper(text: str) -> bool:
    return bool(text) and (text[0].isupper() or text[0] in '"”„«' or text[0].isdigit())


def stays_open(text: str) -> bool:
    """A line that cannot end an item: it stops on a comma, hyphen or a joining word."""
    words = text.rstrip().split()
    return not words or text.rstrip()[-1] in ",;-–" or words[-1].lower() in _OPEN_WORDS


def list_items(texts: list[str], *, width: int = 0) -> list[str]:
    """The list items of a cell's lines (wrapped lines joined, bullet marks dropped).

    ``width`` is the column's width in characters (the longest line when not given). A new item
    starts at a bullet (``•``, ``-``, ``+``, ``1)``, ``1.``) or after a whitespace-only line.
    Outside a bulleted item, a line starting in upper case also starts one when the line before
    ended a sentence, or stopped short although the next word would have fitted with room to
    spare (the writer pressed Enter; the margin allows for a proportional font) – unless that
    line stops on a comma or a joining word ("og", "af" …). Inside a bulleted item, lines wrap
    until the next bullet.
    """
    width = width or max([0, *(len(tidy(t)) for t in texts)])
    items: list[str] = []
    current = ""
    previous = ""
    bulleted = False
    for raw in texts:
        text = tidy(raw)
        if not text:
            if current:
                items.append(current)
            current = previous = ""
            bulleted = False
            continue
        bullet = _BULLET.match(text)
        first_word = len(text.split()[0])
        if bullet:
            if current:
                items.append(current)
            current = text[bullet.end() :].strip()
            bulleted = True
        elif not current:
            current = text
        elif (
            not bulleted
            and starts_upper(text)
            and not stays_open(previous)
            and (
                ends_sentence(previous)
                or (len(previous) < 0.75 * width and len(previous) + 1 + first_word <= 0.9 * width)
            )
        ):
            items.append(current)
            current = text
        else:
            current = join_wrapped(current, text)
        previous = text
    if current:
        items.append(current)
    return [item for item in items if item]


def sentence_case(caps: str) -> str:
    text = tidy(caps).lower()
    return text[:1].upper() + text[1:]
