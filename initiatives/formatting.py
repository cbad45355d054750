"""How dates, statuses, citations and amounts read on the pages and in exports.

A source's date is shown only as precisely as the note gives it ("30. april 2019",
"november 2022", "2018", or "udateret, ca. 2014"). Citations are always Danish: they are pasted into
Danish agenda items whatever language the page is read in.
"""

import datetime
from decimal import Decimal

from django.utils import formats, translation
from django.utils.translation import gettext as _

STALE_AFTER_YEARS = 2

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


def citation(mention):
    """ "Kilde: Notat til Forretningsudvalget, 30. april 2019, tabel 1, række 6"."""
    return source_citation(mention.source, mention.locator)


def source_citation(source, locator):
    """The citation of ``locator`` (may be empty) in ``source``, always in Danish."""
    with translation.override("da"):
        parts = [source.citation_title, source_date(source)]
        if locator:
            parts.append(lcfirst(locator))
        return "Kilde: " + ", ".join(p for p in parts if p)


def latest_mention(mentions):
    """The newest dated mention (by its source's date), else the last undated one."""
    mentions = list(mentions)
    dated = [m for m in mentions if m.source.date and m.source.date_precision != "unknown"]
    if dated:
        return max(dated, key=lambda m: (m.source.date, m.position))
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
