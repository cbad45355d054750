"""What a correction keeps of the source: a field's value as data (to compare) and as text (to show).

When an editor first corrects a field, the value the import had given it is kept on the row
(``Correctable.corrections``); the loader keeps it current and raises a "konflikt" warning when a
note's value changes beneath the correction. Both sides serialise values with ``source_value``,
so they compare equal exactly when the source says the same.
"""

import datetime
from decimal import Decimal


def _key(obj):
    return obj.natural_key()[0] if hasattr(obj, "natural_key") else obj.pk


def source_value(model, name, value):
    """(data, text) of ``value`` for the field ``name`` of ``model``.

    Related rows become their natural keys (slugs, codes) and names; many-to-many values sort,
    so that order never makes a difference.
    """
    field = model._meta.get_field(name)
    if field.many_to_many:
        rows = list(value)
        return sorted(_key(r) for r in rows), ", ".join(sorted(str(r) for r in rows))
    if field.is_relation:
        return (_key(value), str(value)) if value is not None else (None, "")
    if isinstance(value, datetime.date):
        return value.isoformat(), value.isoformat()
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        number = Decimal(value).normalize()
        return str(number), str(number)
    if value is None:
        return None, ""
    if isinstance(value, str):
        return value, value
    return value, _text(value)


def _text(value):
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def current_values(instance, names):
    """{field: (data, text)} of ``instance`` as stored in the database (before a form saves)."""
    model = type(instance)
    stored = model._default_manager.get(pk=instance.pk)
    values = {}
    for name in names:
        field = model._meta.get_field(name)
        value = getattr(stored, name).all() if field.many_to_many else getattr(stored, name)
        values[name] = source_value(model, name, value)
    return values
