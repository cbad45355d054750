"""Template tags for editorial corrections on the public pages.

``{% correction obj "field" %}`` says "Rettet af redaktionen <dato>" under a field an editor
corrected, with the source's own value one click away (a ``<details>``; no JavaScript). Nothing
is shown for a field the import alone set.
"""

import datetime

from django import template
from django.template.loader import render_to_string

from initiatives.formatting import format_date

register = template.Library()


@register.simple_tag
def correction(obj, field):
    entry = obj.correction(field) if hasattr(obj, "correction") else None
    if entry is None:
        return ""
    at = entry.get("at")
    date = format_date(datetime.date.fromisoformat(at)) if at else ""
    has_source = "source" in entry
    return render_to_string(
        "includes/correction.html",
        {"date": date, "has_source": has_source, "text": entry.get("text") or ""},
    )
