"""Repair of Danish OCR text whose æ, ø and å the scanner broke (pure functions).

This module owns the OCR repair step of ``imports.normalise``: ``sundhedsvasen`` back to
``sundhedsvæsen``, ``forlgb`` to ``forløb``, ``@ldre`` to ``ældre``. It knows nothing about
notes or rows. Public: ``repair_word``, ``repair_text``, ``repair_paragraph``,
``document_evidence`` (with ``Evidence``) and ``zipf``.

The method is a small noisy-channel corrector, not a table of words:

* **Candidates.** A word is rewritten with the OCR confusions of scanned Danish (``RULES``:
  ``a``→``å``/``æ``/``ø``, ``o``/``g``/``p``→``ø``, ``e``→``æ``/``ø``, ``d``→``å``,
  ``z``/``@``/``&``→``æ``, ``ae``/``ee``→``æ``, capital ``I``→``l`` …, each with a cost) plus
  at most one dropped ``æ`` (``lger``→``læger``), at most ``1 + len/4`` rewrites per word.
  The search walks the word and a letter trie of wordfreq's Danish list together, so it only
  ever builds strings that spell listed words.
* **Compounds.** wordfreq's small Danish list (29,000 words, none rarer than Zipf 3) lacks
  most compounds and many inflected forms (``hjemmebesøg``, ``opfølgende``), so a candidate
  may also be a compound of up to four listed parts (with a linking ``s`` or ``e``:
  ``forløb+s+koordination``), carry a Danish ending (``sundhed+en``; loanword endings such as
  ``-iseret`` only after a stem without æ/ø/å) and the prefix ``u-``. A compound scores
  halfway between its rarest part and the mean of its parts, less ``PART_PENALTY`` per extra
  part; parts of two or three letters must be common and count for less, because short words
  make junk compounds (``så+år+bare``).
* **Scoring.** ``score = Zipf - cost of the rewrites`` (Zipf as
  ``wordfreq.zipf_frequency(word, "da")`` gives it, read from the same table directly because
  ``zipf_frequency`` re-tokenises every call). A form the list does not have (a compound, an
  inflection) is rarer than Zipf 3, so its score is capped at ``UNLISTED_CEILING`` when it
  competes with a listed word. A change is accepted only when the best candidate beats the
  word as written by ``MARGIN``, so listed words stay (``de``, ``man``, ``Kolding``); a word
  that does not parse at all takes the best candidate scoring at least ``MIN_SCORE``.
* **Document evidence** (``document_evidence``). Whether the scanner broke the Danish letters
  at all is a property of the whole text: prose with æ, ø and å at a normal rate kept them,
  and there only words that do not parse are repaired, and only to listed words. And ``lege``
  (play) and ``læge`` (doctor) are both common words, which no context-free rule can choose
  between; so the stems of the words a text repaired from non-words (``lzger`` can only be
  ``læger``) make a real word as written easier to replace (``DOCUMENT_BONUS``) by a candidate
  with one of those stems: a cache language model in miniature. In note 001 this fixes 13
  ``lege``/``leger``/``lager`` and wrongly turns 2 ``barn`` into ``børn`` (the note also has
  ``bgrn``).
* **Names.** A capitalised word in the middle of a sentence is a name: it may be repaired to a
  listed word (``Nastved`` → ``Næstved``) but never to a compound (``Tranehaven`` stays).

``repair_text`` keeps every line break (so line numbers still point into the note) and joins a
word hyphenated across a line break only when the joined word is a known word or compound
(``samar-/bejde`` → ``samarbejde``, but ``Medcom-/standarder`` and ``forsknings-/og`` stay);
``repair_paragraph`` also joins the lines into one paragraph. ``bench/ocr_wer.py`` measures the
result against hand-corrected text.

What it cannot fix: a wrong letter that still spells a listed word and has no evidence in the
document (``bor`` for ``bør``, ``maling`` for ``måling``); confusions outside ``RULES``
(``opfaigning`` for ``opfølgning``); dropped or doubled consonants (``brede`` for
``bredde``); and words whose stem wordfreq does not list (``lnde`` for ``lænde``,
``tvaersektorielle``, ``semlgst``), which are left as written.
"""

import math
import re
from functools import lru_cache
from typing import NamedTuple

import snowballstemmer
import wordfreq

_CAPITAL_I = "\x01"  # stands for a capital I during the search, which runs on lower case
_IDENTITY = {_CAPITAL_I: "i"}

# OCR confusions seen in scanned Danish: what the scanner printed → (what the letter may have
# been, cost in Zipf points). The cost is the channel model: losing the ring of å or the slash
# of ø leaves a letter that looks almost the same (cheap); a misread shape costs more.
RULES: dict[str, tuple[tuple[str, float], ...]] = {
    "a": (("å", 0.1), ("æ", 0.25), ("ø", 0.5)),
    "o": (("ø", 0.1),),
    "g": (("ø", 0.25),),
    "p": (("ø", 0.25),),
    "e": (("æ", 0.25), ("ø", 0.4)),
    "d": (("å", 0.25),),
    "z": (("æ", 0.25),),
    "s": (("ø", 0.4), ("æ", 0.5)),
    "@": (("æ", 0.1), ("ø", 0.25)),
    "&": (("æ", 0.1), ("ø", 0.25)),
    "@&": (("æ", 0.1),),
    _CAPITAL_I: (("l", 0.25), ("ø", 0.5)),  # "Igftet" = "løftet"
    "|": (("i", 0.1), ("l", 0.25), ("ø", 0.5)),
    "ae": (("æ", 0.1),),  # the ASCII spelling of æ (valid, old-fashioned): prefer æ
    "ee": (("æ", 0.25),),
    "ad": (("å", 0.25),),
    "da": (("å", 0.25),),
    "ai": (("ø", 0.5),),
    "i": (("j", 0.5),),  # "hiemme": the tail of the j lost
    "h": (("hj", 0.5),),  # "Hemmemonitorering": the j of "hj" lost
}
# A letter the scanner dropped altogether ("lger" = "læger", "flles" = "fælles").
INSERTIONS: tuple[tuple[str, float], ...] = (("æ", 1.0),)
# Danish inflectional endings that a word's last part may carry when wordfreq does not list
# the whole form ("sundhed+en", "koordinator+er").
ENDINGS = frozenset(
    {
        "e", "en", "er", "et", "ene", "erne", "ne", "n", "r", "s", "t", "es", "ens", "ets",
        "ede", "te", "nde", "ende",
    }
)  # fmt: skip
# Endings of loanwords (verbs in -ere/-isere, adjectives in -iel): their stems are Latin or
# French and never hold æ, ø or å, so they may only follow a part without them
# ("general+iseret", "sektor+ielle", but not "formål+iseret").
LOAN_ENDINGS = frozenset(
    {
        "ere", "erer", "eret", "erede", "ering", "eringen", "isere", "iserer", "iseret",
        "iserede", "isering", "iel", "ielle", "ielt",
    }
)  # fmt: skip
_DANISH_LETTERS = frozenset("æøå")
# Unmistakable loanword forms (formaliseret, sektorielle) whatever their stem.
_LOANWORD_RE = re.compile("[a-z]{3,}(?:is(?:ere|erer|eret|erede|ering)|iel|ielle|ielt)")
# Prefixes that make a new word of any word ("u+hensigtsmæssige").
PREFIXES = ("u",)
PREFIX_PENALTY = 0.3
LINKING = ("s", "e")  # linking letters between compound parts: forløb+s+koordination, jord+e+moder

PART_PENALTY = 1.0  # per extra compound part
# Short words make junk compounds ("så+år+bare" for "sarbare"): a part of 2 or 3 letters must
# be common, and counts this much less frequent than it is. 2-letter parts only open a
# compound ("op+følgende").
SHORT_PART_PENALTY = {2: 2.0, 3: 1.0}
MIN_SHORT_PART_ZIPF = {2: 5.0, 3: 4.0}
ENDING_PENALTY = 0.3
# wordfreq's small Danish list stops at Zipf 3, so a compound or inflected form it does not
# list is rarer than that, however common its parts (usually much rarer: hence half a point
# lower). Against a listed word, an unlisted form counts at most this much.
UNLISTED_CEILING = 2.5
MARGIN = 0.3  # how much better a candidate must score than the word as written
MIN_SCORE = 1.0  # the least a rewriting of a word that does not parse at all must score
DOCUMENT_BONUS = 0.5  # for a candidate whose stem the document certainly uses elsewhere
INTACT_LETTER_SHARE = 0.005  # æ/ø/å share of letters above which a text kept its Danish letters
MAX_PARTS = 4
MAX_EDITS = 4
MAX_WORD_LENGTH = 64  # longer "words" are not Danish words but runs of junk; left alone

_END = ""  # trie key marking the end of a word; its value is the word's Zipf frequency
_RULES_BY_FIRST: dict[str, list[tuple[str, tuple[tuple[str, float], ...]]]] = {}
for _src, _tgts in RULES.items():
    _RULES_BY_FIRST.setdefault(_src[0], []).append((_src, _tgts))

_LETTER = r"(?:[^\W\d_]|[@&|])"
_WORD_RE = re.compile(rf"{_LETTER}+(?:[-'’]{_LETTER}+)*")
# Abbreviations and addresses ("Ph.d.", "bl.a.", "f.eks.", "www.regioner.dk") are not words.
_DOTTED_RE = re.compile(r"(?:[^\W\d_]+\.)+[^\W\d_]+\.?")
_HYPHEN_BREAK_RE = re.compile(
    rf"(?P<left>{_LETTER}+)-[ \t]*\n(?P<gap>(?:[ \t]*\n)*)[ \t]*(?P<right>{_LETTER}+)(?P<trail>\S*)[ \t]?"
)
# "ind- og udgang": a hyphen before a conjunction is a suspended compound, never a line break.
_CONJUNCTIONS = frozenset({"og", "eller", "samt"})
_SENTENCE_END = (".", "!", "?", ":", "•")
_CLOSING = "\"'”’»)]"
# A lone "|" opening a line of prose (not a table row) is the scanner's capital I.
_BAR_AS_I_RE = re.compile(r"(?m)^([ \t]*)\|(?= [^\W\d_])(?=[^|\n]*$)")

_stemmer = snowballstemmer.stemmer("danish")


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, float], dict]:
    """wordfreq's Danish words with their Zipf frequency, and a letter trie over them."""
    words: dict[str, float] = {}
    trie: dict = {}
    for word, freq in wordfreq.get_frequency_dict("da").items():
        if not word.isalpha():
            continue
        zipf = round(math.log10(freq) + 9, 2)
        words[word] = zipf
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = zipf
    return words, trie


def zipf(word: str) -> float:
    """Zipf frequency of one lower-case Danish word (0 when wordfreq does not list it).

    The same number as ``wordfreq.zipf_frequency(word, "da")`` for a single word, read straight
    from the table because ``zipf_frequency`` re-tokenises its argument on every call.
    """
    return _lexicon()[0].get(word, 0.0)


class _Candidate(NamedTuple):
    text: str
    score: float  # Zipf less the rewriting cost; unlisted forms capped at UNLISTED_CEILING
    strength: float  # the same without the cap: ranks unlisted forms among themselves
    listed: bool  # a single word wordfreq lists
    cost: float
    parts: tuple[str, ...]
    steps: tuple[tuple[int, int, str], ...]  # (source start, source end, target) per step


def _part_value(part: str, part_zipf: float, *, position: int, final: bool) -> float | None:
    """What a part contributes to a compound's score, or None when it cannot be a part."""
    if len(part) < 2 or (len(part) == 2 and (position > 0 or final)):
        return None
    if part_zipf < MIN_SHORT_PART_ZIPF.get(len(part), 0.0):
        return None
    return part_zipf - SHORT_PART_PENALTY.get(len(part), 0.0)


@lru_cache(maxsize=65536)
def _candidates(s: str) -> tuple[_Candidate | None, tuple[_Candidate, ...]]:
    """(``s`` as written, if it parses; the best few rewritings of it, best first).

    ``s`` is lower case (a capital I is ``_CAPITAL_I``). A depth-first walk over the input and
    the trie together: at each letter take it as it is, or rewrite it by a rule, as long as the
    output stays a prefix of a listed word; where a listed word ends, finish (at the end of
    the input or before an ending) or start the next compound part.
    """
    _, root = _lexicon()
    n = len(s)
    max_edits = min(MAX_EDITS, 1 + n // 4)
    best: dict[str, _Candidate] = {}
    steps: list[tuple[int, int, str]] = []
    prefixed = False

    def record(parts, cost, ending):
        if len(parts) == 1:
            value = parts[0][1]
        else:
            values = [v for _, _, v in parts]
            # Between the rarest part and the mean: the weakest part limits a compound, but a
            # repair in a strong part must still count.
            value = (min(values) + sum(values) / len(values)) / 2 - PART_PENALTY * (len(parts) - 1)
        if ending:
            value -= ENDING_PENALTY
        if prefixed:
            value -= PREFIX_PENALTY
        listed = len(parts) == 1 and not ending and not prefixed
        text = "".join(t for _, _, t in steps)
        score = (value if listed else min(value, UNLISTED_CEILING)) - cost
        old = best.get(text)
        if old is None or (score, value - cost) > (old.score, old.strength):
            best[text] = _Candidate(
                text, score, value - cost, listed, cost, tuple(p for p, _, _ in parts), tuple(steps)
            )

    def finish_part(i, node, start, parts, edits, cost, inserted):
        """Close the part that ends at ``node`` and go on after it."""
        part_zipf = node.get(_END)
        if part_zipf is None:
            return
        part = "".join(t for _, _, t in steps[start:])
        rest = s[i:]
        if i == n or (
            len(part) >= 3
            and (rest in ENDINGS or (rest in LOAN_ENDINGS and _DANISH_LETTERS.isdisjoint(part)))
        ):
            if parts:
                value = _part_value(part, part_zipf, position=len(parts), final=True)
            else:
                value = part_zipf
            if value is not None:
                closed = [*parts, (part, part_zipf, value)]
                steps.extend((i + k, i + k + 1, c) for k, c in enumerate(rest))
                record(closed, cost, ending=bool(rest))
                del steps[len(steps) - len(rest) :]
        if i == n or len(parts) + 1 >= MAX_PARTS:
            return
        value = _part_value(part, part_zipf, position=len(parts), final=False)
        if value is None:
            return
        closed = [*parts, (part, part_zipf, value)]
        walk(i, root, len(steps), closed, edits, cost, inserted)
        if s[i] in LINKING and i + 1 < n:
            steps.append((i, i + 1, s[i]))
            walk(i + 1, root, len(steps), closed, edits, cost, inserted)
            steps.pop()

    def walk(i, node, start, parts, edits, cost, inserted):
        if node is not root:
            finish_part(i, node, start, parts, edits, cost, inserted)
        if i == n:
            return
        char = s[i]
        same = _IDENTITY.get(char, char)
        child = node.get(same)
        if child is not None:
            steps.append((i, i + 1, same))
            walk(i + 1, child, start, parts, edits, cost, inserted)
            steps.pop()
        if edits >= max_edits:
            return
        for src, targets in _RULES_BY_FIRST.get(char, ()):
            if not s.startswith(src, i):
                continue
            for target, target_cost in targets:
                child = node
                for c in target:
                    child = child.get(c)
                    if child is None:
                        break
                if child is None:
                    continue
                steps.append((i, i + len(src), target))
                walk(i + len(src), child, start, parts, edits + 1, cost + target_cost, inserted)
                steps.pop()
        if not inserted and node is not root:
            for target, target_cost in INSERTIONS:
                child = node.get(target)
                if child is not None:
                    steps.append((i, i, target))
                    walk(i, child, start, parts, edits + 1, cost + target_cost, True)
                    steps.pop()

    walk(0, root, 0, [], 0, 0.0, False)
    for prefix in PREFIXES:
        if s.startswith(prefix) and n - len(prefix) >= 4:
            prefixed = True
            steps.append((0, len(prefix), prefix))
            walk(len(prefix), root, len(steps), [], 0, 0.0, False)
            steps.pop()
            prefixed = False
    as_written = best.pop(s.replace(_CAPITAL_I, "i"), None)
    # Listed words rank among themselves by score, unlisted forms by strength (the cap would
    # tie them); the better of the two leaders, by capped score, comes first.
    listed = sorted(
        (c for c in best.values() if c.listed), key=lambda c: (-c.score, c.cost, c.text)
    )
    unlisted = sorted(
        (c for c in best.values() if not c.listed), key=lambda c: (-c.strength, c.cost, c.text)
    )
    if listed and (not unlisted or listed[0].score >= unlisted[0].score):
        others = listed[:1] + unlisted[:1]
    else:
        others = unlisted[:1] + listed[:1]
    return as_written, tuple(others)


def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


class Evidence(NamedTuple):
    """What a whole document tells the repair of each of its words (see ``document_evidence``)."""

    # Stems of the words the document repaired from non-words: words it certainly uses.
    stems: frozenset[str] = frozenset()
    # The document has æ, ø and å at a normal rate: the scanner kept them, so only non-words
    # are repaired, and only to listed words.
    letters_intact: bool = False


NO_EVIDENCE = Evidence()


def _choose(s: str, stems: frozenset[str], *, listed_only: bool = False) -> _Candidate | None:
    """The accepted rewriting of lower-case ``s``, or None to leave it as written.

    ``listed_only`` admits only words wordfreq lists (no compounds, no added endings).
    """
    as_written, others = _candidates(s)
    if listed_only or _LOANWORD_RE.fullmatch(s):
        # "formaliseret": a loanword form; only a listed word may replace it, never a compound
        # that happens to spell it ("formål+især+et").
        others = tuple(c for c in others if c.listed)
    if not others:
        return None
    best = others[0]
    if as_written is None:
        return best if best.score >= MIN_SCORE else None
    # The document's evidence lowers the bar for replacing a real word; it never reorders.
    bonus = DOCUMENT_BONUS if stems and _stem(best.text) in stems else 0.0
    if best.listed or as_written.listed:
        return best if best.score + bonus >= as_written.score + MARGIN else None
    # Two unlisted forms (compounds, inflections): the cap would tie them, so compare strengths.
    return best if best.strength + bonus >= as_written.strength + MARGIN else None


def _apply_case(word: str, candidate: _Candidate) -> str:
    """``candidate``'s text with the capitalisation of ``word`` carried over its derivation."""
    out = []
    for start, end, target in candidate.steps:
        source = word[start:end]
        # An inserted letter is lower case; so is an l whose capital I was the misreading.
        if not source or (source[0] == "I" and target == "l"):
            out.append(target)
        elif source[0] == "|":
            out.append("I" if target == "i" else target)
        elif source[0].isupper():
            out.append(target[0].upper() + target[1:])
        else:
            out.append(target)
    return "".join(out)


def _search_form(word: str) -> str | None:
    """``word`` in the lower case the search runs on, or None when it is not to be repaired."""
    letters = [c for c in word if c.isalpha()]
    if not letters or len(word) > MAX_WORD_LENGTH:
        return None
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return None  # an acronym (KOL, MRSA)
    if any(c.isupper() for c in word[1:]):
        return None  # a name spelled in mixed case (MedCom)
    lower = "".join(_CAPITAL_I if c == "I" else c.lower() for c in word)
    return lower if len(lower) == len(word) else None


def _repair_simple(word: str, evidence: Evidence, name: bool) -> str:
    """Repair one word without hyphens (``name``: capitalised in the middle of a sentence)."""
    lower = _search_form(word)
    if lower is None:
        return word
    if evidence.letters_intact:
        if _candidates(lower)[0] is not None:
            return word
        chosen = _choose(lower, evidence.stems, listed_only=True)
    else:
        # A name may be a broken listed word (Nastved = Næstved) but is never made a compound
        # of common words (Tranehaven ≠ Trænehaven).
        chosen = _choose(lower, evidence.stems, listed_only=name)
    return word if chosen is None else _apply_case(word, chosen)


@lru_cache(maxsize=65536)
def _repair_token(token: str, evidence: Evidence, name: bool) -> str:
    match = re.search(rf"{_LETTER}(?:.*{_LETTER})?", token, re.S)
    if match is None:
        return token
    head, core, tail = token[: match.start()], match.group(), token[match.end() :]
    if _DOTTED_RE.fullmatch(core) or any(c.isdigit() for c in core):
        return token
    parts = re.split(rf"((?:(?!{_LETTER}).)+)", core)
    repaired = [
        p if i % 2 else _repair_simple(p, evidence, name and i == 0) for i, p in enumerate(parts)
    ]
    return head + "".join(repaired) + tail


def repair_word(word: str, *, evidence: Evidence | None = None) -> str:
    """``word`` with broken Danish letters repaired, or unchanged when no repair is clearly better.

    Punctuation around the word and its capitalisation are kept (``"Pd"`` → ``"På"``,
    ``"(forlgb),"`` → ``"(forløb),"``); the parts of a hyphenated word are repaired one by one
    (``"KOL-omrddet"`` → ``"KOL-området"``). Without ``evidence`` the word is repaired as if
    from a scan that broke every æ, ø and å, with nothing known about the rest of the text.
    Acronyms (``KOL``), mixed-case names (``MedCom``), abbreviations (``bl.a.``) and tokens
    without letters or with digits are left alone.
    """
    return _repair_token(word, evidence or NO_EVIDENCE, False)


def _listed(word: str) -> bool:
    """Whether lower-case ``word``, after repair, is a word wordfreq lists."""
    chosen = _choose(word, frozenset())
    return chosen.listed if chosen is not None else zipf(word) > 0


def _known(word: str) -> bool:
    """Whether lower-case ``word``, after repair, is a known word or compound."""
    as_written, _ = _candidates(word)
    return as_written is not None or _choose(word, frozenset()) is not None


def document_evidence(text: str) -> Evidence:
    """What ``text`` as a whole tells the repair of its words.

    * ``letters_intact``: whether æ, ø and å make up at least ``INTACT_LETTER_SHARE`` of the
      letters (Danish prose has about 2.5 %, the broken scan none), i.e. whether the channel
      kept them. Text that has them is repaired only where a word does not parse at all.
    * ``stems``: a word the scanner broke into a non-word (``lzger``) can only have been its
      repair (``læger``); the stems of these repairs are the evidence for choosing between two
      real words (``lege``/``læge``).
    """
    letters = sum(c.isalpha() for c in text)
    danish = sum(c in "æøåÆØÅ" for c in text)
    if letters and danish >= INTACT_LETTER_SHARE * letters:
        return Evidence(frozenset(), letters_intact=True)
    stems = set()
    for match in _WORD_RE.finditer(_join_hyphenated(text)):
        for piece in re.split(r"[-'’]", match.group()):
            lower = _search_form(piece)
            if lower is None or _candidates(lower)[0] is not None:
                continue
            chosen = _choose(lower, frozenset())
            if chosen is not None:
                stems.add(_stem(chosen.text))
    return Evidence(frozenset(stems))


def _join_hyphenated(text: str) -> str:
    """``text`` with words hyphenated across a line break joined where that makes a word."""

    def join(match):
        left, right = match["left"], match["right"]
        if right.lower() in _CONJUNCTIONS or not _known((left + right).lower()):
            return match.group()
        if left[0].isupper() and not _listed(left.lower()):
            return match.group()  # a name opens the compound: Danish keeps the hyphen (Medcom-)
        # Keep the line count: the joined word moves up, the rest of the line stays below.
        return f"{left}{right}{match['trail']}\n{match['gap']}"

    return _HYPHEN_BREAK_RE.sub(join, text)


def repair_text(text: str, *, evidence: Evidence | None = None) -> str:
    """``text`` with hyphenated line breaks joined and every word repaired.

    Line breaks are kept, so the result has as many lines as ``text`` and a reader can still
    decide how to join them; a word joined across a break moves up to the first line. By
    default the text is its own evidence; pass ``document_evidence`` of a larger text (the
    whole note) to repair a snippet of it as the whole note would be.
    """
    if evidence is None:
        evidence = document_evidence(text)
    text = _join_hyphenated(text)
    text = _BAR_AS_I_RE.sub(r"\1I", text)
    pieces = []
    last = 0
    previous = ""
    for match in re.finditer(r"\S+", text):
        token = match.group()
        space = text[last : match.start()]
        if space.count("\n") > 1:
            previous = ""  # a paragraph break ends the sentence, punctuated or not
        # A capital after a word that does not end a sentence marks a name.
        name = (
            bool(previous)
            and not previous.rstrip(_CLOSING).endswith(_SENTENCE_END)
            and token[:1].isupper()
        )
        pieces.append(space)
        pieces.append(_repair_token(token, evidence, name))
        last = match.end()
        previous = token
    pieces.append(text[last:])
    return "".join(pieces)


def repair_paragraph(text: str, *, evidence: Evidence | None = None) -> str:
    """``repair_text``, with the lines then joined into one paragraph by single spaces."""
    return " ".join(repair_text(text, evidence=evidence).split())


def clear_caches() -> None:
    """Forget every repaired word (the word list stays loaded); for benchmarks and tests."""
    _candidates.cache_clear()
    _repair_token.cache_clear()
