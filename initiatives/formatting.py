"""How dates, statuses, locators, citations and amounts read on the pages and in exports.

A source's date is shown only as precisely as the note gives it ("30. april 2019",
"november 2022", "2018", or "udateret, ca. 2014"). A citation is one line of plain text that
finds the place: the issuer's region, the note, its date and the locator, in the page's
language ("Kilde: Region Hovedstaden, notat til Forretningsudvalget, 30. april 2019, tabel 1,
række 8"; "Source: …, 30 April 2019, Table 1, row 8"). Locators are stored in Danish; their
words in other languages are data (``reference/locator_words.toml``), and the captions and
titles they quote stay as the note has them.
"""

import datetime
import re
import tomllib
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

from django.utils import formats, translation
from django.utils.translation import gettext as _

STALE_AFTER_YEARS = 2
LOCATOR_WORDS = Path(__file__).resolve().parent.parent / "reference" / "locator_words.toml"

_DATE_FORMATS = {
    # (day, month) formats per language; the year alone needs none.
    "da": ("j. F Y", "F Y"),
    "en": ("j F Y", "F Y"),
}


def _language():
    return (translation.get_language() or "da").split("-")[0]


def lcfirst(text):
    return text[:1].lower() + text[1:] if text else text


def format_date(value, precision="day"):
    """A date as precisely as it is known, in the active language ("" when there is none)."""
    if value is None or precision == "unknown":
        return ""
    day_format, month_format = _DATE_FORMATS.get(_language(), _DATE_FORMATS["da"])
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return formats.date_format(value, month_format)
    return formats.date_format(value, day_format)


def undated_note(source):
    """What is known about an undated source's date: "Udateret, ca. 2014" reads "ca. 2014"."""
    note = (source.date_note or "").strip()
    lowered = note.lower()
    for prefix in ("udateret", "undated"):
        if lowered.startswith(prefix):
            note = note[len(prefix) :].lstrip(" ,;:-–")
    return note


def source_date(source):
    """A note's date for display: "30. april 2019", "november 2022" or "udateret, ca. 2014"."""
    if source.date and source.date_precision != "unknown":
        return format_date(source.date, source.date_precision)
    note = undated_note(source)
    return _("udateret, %(note)s") % {"note": note} if note else _("udateret")


@cache
def _locator_words():
    """(quote marks per language, {Danish locator word: {language: word}})."""
    data = tomllib.loads(LOCATOR_WORDS.read_text(encoding="utf-8"))
    words = {word.casefold(): languages for word, languages in data["words"].items()}
    return data["quotes"], words


_QUOTED = re.compile(r"»([^«]*)«")
_WORD = re.compile(r"[^\W\d_]+")


def _translate(locator, language):
    quotes, words = _locator_words()
    opening, closing = quotes.get(language, quotes["da"])

    def word(match):
        return words.get(match.group(0).casefold(), {}).get(language, match.group(0))

    pieces, position = [], 0
    for quote in _QUOTED.finditer(locator):
        pieces.append(_WORD.sub(word, locator[position : quote.start()]))
        pieces.append(f"{opening}{quote.group(1)}{closing}")  # the note's own text
        position = quote.end()
    pieces.append(_WORD.sub(word, locator[position:]))
    return "".join(pieces)


def _starts_with_locator_word(locator):
    first = _WORD.match(locator)
    return bool(first) and first.group(0).casefold() in _locator_words()[1]


def locator_display(locator):
    """A locator as a page shows it: "Tabel 1, række 8"; in English "Table 1, row 8"."""
    text = _translate(locator or "", _language())
    return text[:1].upper() + text[1:]


def locator_in_citation(locator):
    """A locator inside a citation: "tabel 1, række 8", "punkt 4, bilag 1, Allerød, 2016"."""
    return _locator_in_citation(locator or "", _language())


# Exports cite every mention; the same locators ("Tabel 1, række 8") recur across notes.
@lru_cache(maxsize=8192)
def _locator_in_citation(locator, language):
    text = _translate(locator, language)
    if language == "da" and _starts_with_locator_word(text):
        return lcfirst(text)
    return text


def cited_note(source):
    """The note as a citation names it: "Region Hovedstaden, notat til Forretningsudvalget".

    The issuer's region comes first unless the title names it; after it, a title that starts
    with the note's kind ("Notat til …" of kind "Notat") reads on in lower case.
    """
    title = source.citation_title
    region = source.region.name if source.region_id else ""
    if not region or region.casefold() in title.casefold():
        return title
    first = title.split(" ", 1)[0]
    if source.kind and first.casefold() == source.kind.casefold():
        title = lcfirst(title)
    return f"{region}, {title}"


def citation(mention):
    """ "Kilde: Region Hovedstaden, notat til Forretningsudvalget, 30. april 2019, tabel 1,
    række 8", in the active language: one line of plain text to paste into an agenda."""
    return source_citation(mention.source, mention.locator)


def cited_source(source):
    """The part of a citation that names the note: "Region Hovedstaden, notat til
    Forretningsudvalget, 30. april 2019" (an export works it out once per note)."""
    return ", ".join(p for p in (cited_note(source), source_date(source)) if p)


def source_citation(source, locator="", *, cited=None, language=None):
    """The citation of ``locator`` (may be empty) in ``source``, in the active language;
    ``cited`` is ``cited_source(source)`` and ``language`` the active one's code when the caller
    has them already (an export makes a citation for every mention)."""
    language = language or _language()
    if cited is None:
        cited = cited_source(source)
    located = _locator_in_citation(locator or "", language)
    text = f"{cited}, {located}" if cited and located else cited or located
    return _citation_template(language) % {"citation": text}


@lru_cache(maxsize=8)
def _citation_template(language):
    # Looked up once per language (the active one, whose code is ``language``).
    return _("Kilde: %(citation)s")


def lines_query(mention):
    """ "?lines=120-124#L120" for a mention's lines in its note's text ("" when not known)."""
    if not mention.line:
        return ""
    last = max(mention.line_end or mention.line, mention.line)
    span = f"{mention.line}-{last}" if last != mention.line else str(mention.line)
    return f"?lines={span}#L{mention.line}"


def lines_label(mention):
    """ "linje 120–124" / "linje 39" (in the active language); "" when the lines are not known."""
    if not mention.line:
        return ""
    last = max(mention.line_end or mention.line, mention.line)
    if last == mention.line:
        return _("linje %(line)s") % {"line": mention.line}
    return _("linje %(first)s–%(last)s") % {"first": mention.line, "last": last}


def spans_label(spans):
    """ "linje 37–55", "linje 57–63 og 167–169" (in the active language) for (first, last) spans."""
    ranges = [str(first) if first == last else f"{first}–{last}" for first, last in spans]
    if not ranges:
        return ""
    joined = ranges[0] if len(ranges) == 1 else ", ".join(ranges[:-1]) + _(" og ") + ranges[-1]
    if len(ranges) == 1 and "–" not in joined:
        return _("linje %(line)s") % {"line": joined}
    return _("linje %(spans)s") % {"spans": joined}


def passage_citation(source, spans):
    """ "Kilde: Danske Regioners notat om …, udateret, ca. 2014, linje 57–63 og 167–169": a
    passage of a note (a definition written from it), cited like a mention."""
    parts = [cited_note(source), source_date(source), spans_label(spans)]
    return _("Kilde: %(citation)s") % {"citation": ", ".join(p for p in parts if p)}


def _reported_year(mention):
    """The year a row reports within its note (a kommune's 2014 and 2016 blocks), else 0."""
    return (mention.extra or {}).get("year") or 0


def chronological(mentions):
    """Mentions oldest first: by their note's date (undated notes first), then by the year a
    row of one note reports (an agenda's 2014, 2015 and 2016 blocks), then by place in the
    note."""
    return sorted(
        mentions,
        key=lambda m: (
            m.source.date is not None,
            m.source.date or datetime.date.min,
            m.source.title,
            _reported_year(m),
            m.position,
        ),
    )


def latest_mention(mentions):
    """The newest dated mention (by its source's date, then the year it reports), else the last
    undated one."""
    mentions = list(mentions)
    dated = [m for m in mentions if m.source.date and m.source.date_precision != "unknown"]
    if dated:
        return max(dated, key=lambda m: (m.source.date, _reported_year(m), m.position))
    return mentions[-1] if mentions else None


def status_heading(initiative, mentions):
    """ "Status pr. 30. april 2019", "Status pr. november 2022", "Status (udateret kilde, ca. 2014)"."""
    latest = latest_mention(mentions)
    as_of = initiative.status_as_of
    precision = "day"
    if latest is not None and latest.source.date and latest.source.date_precision != "unknown":
        as_of = as_of or latest.status_as_of or latest.source.date
        if latest.source.date == as_of or latest.status_as_of == as_of:
            precision = latest.source.date_precision
    if as_of:
        return _("Status pr. %(date)s") % {"date": format_date(as_of, precision)}
    if latest is not None:
        note = undated_note(latest.source)
        if note:
            return _("Status (udateret kilde, %(note)s)") % {"note": note}
        return _("Status (udateret kilde)")
    return _("Status")


def newest_source_date(initiative, mentions):
    dates = [
        m.source.date for m in mentions if m.source.date and m.source.date_precision != "unknown"
    ]
    if initiative.last_reported:
        dates.append(initiative.last_reported)
    return max(dates) if dates else None


def years_ago(today, years):
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def is_stale(initiative, mentions, today=None):
    """True when the newest source is more than two years old, or has no date at all."""
    today = today or datetime.date.today()
    newest = newest_source_date(initiative, mentions)
    if newest is None:
        return bool(list(mentions)) or initiative.status_as_of is None
    return newest < years_ago(today, STALE_AFTER_YEARS)


def kroner(value):
    """An amount in kr., grouped the local way; øre only when there are any."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    decimals = 0 if amount == amount.to_integral_value() else 2
    number = formats.number_format(amount, decimals, use_l10n=True, force_grouping=True)
    return f"{number} kr."
