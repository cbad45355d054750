"""Measure the OCR repair: word error rate before and after, and the time it takes.

Run from the project root: ``python bench/ocr_wer.py``. The yardstick is
``tests/data/ocr_gold.toml`` (hand-corrected titles and passages of note 001); the test suite
asserts the same figures against its target, so this script and the tests cannot disagree.

The repair was developed on note 001, so those figures are in-sample. For a held-out figure the
script also breaks the æ, ø and å of note 002 (correct Danish) at random with the confusions
seen in 001, and measures the repair of that against the original.

Word error rate = word-level Levenshtein distance / number of reference words. Words are the
whitespace-separated tokens with surrounding punctuation stripped and case kept, so a word
split by a line-break hyphen (``herun-`` ``der``) counts against the raw text, and a wrong
capital counts against the repair.
"""

import random
import re
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from imports import ocr  # noqa: E402  (needs the project root on sys.path)

GOLD = ROOT / "tests" / "data" / "ocr_gold.toml"
_EDGE_PUNCTUATION = re.compile(r"^[^\w@&|]+|[^\w@&|]+$")


def words(text: str) -> list[str]:
    """The words of ``text`` as the error rate counts them."""
    stripped = (_EDGE_PUNCTUATION.sub("", token) for token in text.split())
    return [w for w in stripped if w]


def edit_distance(hypothesis: list[str], reference: list[str]) -> int:
    """Word-level Levenshtein distance (substitutions, insertions, deletions)."""
    previous = list(range(len(reference) + 1))
    for i, word in enumerate(hypothesis, 1):
        current = [i]
        for j, ref in enumerate(reference, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != ref))
            )
        previous = current
    return previous[-1]


def word_error_rate(pairs: list[tuple[str, str]]) -> float:
    """Summed edit distance over summed reference length, for (hypothesis, reference) pairs."""
    errors = sum(edit_distance(words(h), words(r)) for h, r in pairs)
    return errors / sum(len(words(r)) for _, r in pairs)


def load_gold() -> dict:
    with GOLD.open("rb") as f:
        return tomllib.load(f)


def measure() -> dict:
    """WER before/after on titles and passages, with the repair used by the examples reader.

    The reader repairs each box with the evidence of the whole note (``document_evidence``),
    so the measurement does the same.
    """
    gold = load_gold()
    note = (ROOT / gold["note"]).read_text(encoding="utf-8")
    evidence = ocr.document_evidence(note)
    titles = [(t["raw"], t["gold"]) for t in gold["titles"]]
    passages = [(p["raw"], p["gold"]) for p in gold["passages"]]
    repaired_titles = [(ocr.repair_paragraph(r, evidence=evidence), g) for r, g in titles]
    repaired_passages = [(ocr.repair_paragraph(r, evidence=evidence), g) for r, g in passages]
    return {
        "titles": {
            "words": sum(len(words(g)) for _, g in titles),
            "before": word_error_rate(titles),
            "after": word_error_rate(repaired_titles),
            "misses": _misses(repaired_titles),
        },
        "sample": {
            "words": sum(len(words(g)) for _, g in passages),
            "before": word_error_rate(passages),
            "after": word_error_rate(repaired_passages),
            "misses": _misses(repaired_passages),
        },
    }


def _misses(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(repaired, gold) word pairs that still differ, for the report."""
    import difflib

    misses = []
    for hypothesis, reference in pairs:
        h, r = words(hypothesis), words(reference)
        matcher = difflib.SequenceMatcher(a=h, b=r, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op != "equal":
                misses.append((" ".join(h[a1:a2]), " ".join(r[b1:b2])))
    return misses


# How the scan of note 001 rendered each Danish letter.
_BREAKS = {
    "æ": ("a", "e", "z", "@", "ae", "ee"),
    "ø": ("o", "g", "p", "e", "s", "a"),
    "å": ("a", "d", "ad"),
}


def held_out(seed: int = 1) -> dict:
    """WER before/after on note 002 with its Danish letters broken at random (reproducibly)."""
    text = (ROOT / "imports" / "sources" / "002_216d5a4db58f8ddc.txt").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", text)  # the note's cells hold <p> HTML
    rng = random.Random(seed)

    def broken(char: str) -> str:
        if char.lower() not in _BREAKS:
            return char
        scanned = rng.choice(_BREAKS[char.lower()])
        return scanned.upper() if char.isupper() and len(scanned) == 1 else scanned

    scan = "".join(broken(c) for c in text)
    return {
        "words": len(words(text)),
        "before": word_error_rate([(scan, text)]),
        "after": word_error_rate([(ocr.repair_text(scan), text)]),
    }


def time_note() -> tuple[float, float]:
    """Seconds to repair the whole note: cold (empty word cache) and warm (cache filled).

    The word list is loaded first in both cases: that is a one-off start-up cost.
    """
    note = (ROOT / load_gold()["note"]).read_text(encoding="utf-8")
    ocr.clear_caches()
    ocr.zipf("og")  # load wordfreq's list outside the timing
    start = time.perf_counter()
    ocr.repair_text(note)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    ocr.repair_text(note)
    warm = time.perf_counter() - start
    return cold, warm


def main() -> None:
    result = measure()
    for key, label in (("titles", "16 titles"), ("sample", "prose sample")):
        r = result[key]
        print(
            f"{label:13} ({r['words']:3} words): WER before {r['before']:6.1%}  "
            f"after {r['after']:6.1%}"
        )
        for got, want in r["misses"]:
            print(f"    still wrong: {got!r} (want {want!r})")
    r = held_out()
    print(
        f"held out: note 002 with æ/ø/å broken at random ({r['words']} words): "
        f"WER before {r['before']:6.1%}  after {r['after']:6.1%}"
    )
    cold, warm = time_note()
    print(f"repair of the whole note: {cold:.3f} s with an empty cache, {warm:.3f} s warm")


if __name__ == "__main__":
    main()
