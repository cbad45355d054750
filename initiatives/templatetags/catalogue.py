"""Template filters for the catalogue's pages: dates as precise as the source, amounts in kr."""

from django import template

from initiatives import formatting

register = template.Library()


@register.filter
def source_date(source):
    """A source's date as precisely as it is known: "30. april 2019", "november 2022"."""
    return formatting.source_date(source)


@register.filter
def kroner(value):
    return formatting.kroner(value)


@register.filter
def lcfirst(value):
    return formatting.lcfirst(str(value))
