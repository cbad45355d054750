"""Template filters for the catalogue's pages: dates as precise as the source, amounts in kr.,
locators in the page's language and the link to a mention's lines."""

from django import template
from django.utils import timezone

from initiatives import formatting

register = template.Library()


@register.filter
def source_date(source):
    """A source's date as precisely as it is known: "30. april 2019", "november 2022"."""
    return formatting.source_date(source)


@register.filter
def local_date(value):
    """A moment's day in local time and the page's language: "29. november 2026"."""
    return formatting.format_date(timezone.localtime(value))


@register.filter
def kroner(value):
    return formatting.kroner(value)


@register.filter
def lcfirst(value):
    return formatting.lcfirst(str(value))


@register.filter
def locator(value):
    """A mention's locator in the page's language: "Tabel 1, række 8" / "Table 1, row 8"."""
    return formatting.locator_display(value)


@register.filter
def lines_query(mention):
    """ "?lines=120-124#L120": appended to the note's text URL, it opens the mention's lines."""
    return formatting.lines_query(mention)


@register.filter
def lines_label(mention):
    """ "linje 120–124" (or "" when the mention's lines are not known)."""
    return formatting.lines_label(mention)
