"""Reading the history: each change with who, when, why and every field's old → new value.

``object_changes(obj)`` gives an object's changes, newest first, each compared with the version
before it (fields and the initiative's regions, partners and target groups). ``change_log(...)``
lists the changes of initiatives, mentions and organisations together, filtered by user, date
and kind, newest first, as one database query (a UNION of the three history tables).
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models.functions import Concat
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, Mention, Organisation

# What the log calls each kind of object, and the field that names one.
KINDS = {
    "initiative": (Initiative, models.F("title")),
    # A locator names a row only within its note: "Tabel 1, række 8 · Notat til …".
    "mention": (
        Mention,
        Concat(
            "locator", models.Value(" · "), "source__short_title", output_field=models.CharField()
        ),
    ),
    "organisation": (Organisation, models.F("name")),
}
KIND_LABELS = {
    "initiative": _("Initiativ"),
    "mention": _("Omtale"),
    "organisation": _("Organisation"),
}
TYPE_LABELS = {"+": _("Oprettet"), "~": _("Ændret"), "-": _("Slettet")}
# Bookkeeping that every correction changes; its meaning shows in the fields themselves.
HIDDEN = {"id", "corrected_fields", "corrections", "search_vector"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    record: object
    fields: list = field(default_factory=list)

    @property
    def when(self):
        return self.record.history_date

    @property
    def user(self):
        return self.record.history_user

    @property
    def reason(self):
        return self.record.history_change_reason or ""

    @property
    def type_label(self):
        return TYPE_LABELS.get(self.record.history_type, self.record.history_type)


class _Names:
    """str() of related rows by model and pk, fetched once each."""

    def __init__(self):
        self.cache = {}

    def get(self, model, pk):
        if pk is None:
            return None
        if (model, pk) not in self.cache:
            row = model._default_manager.filter(pk=pk).first()
            self.cache[(model, pk)] = str(row) if row is not None else f"#{pk}"
        return self.cache[(model, pk)]


def _display(value):
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nej"))
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, list | tuple):
        return "; ".join(_display(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_display(v)}" for k, v in value.items())
    return str(value)


def _tracked(model):
    """(model field, is m2m) of the fields a history row keeps, in the model's order."""
    history_model = model.history.model
    kept = {f.name for f in history_model._meta.fields}
    m2m_names = (
        {f.name for f in history_model._history_m2m_fields}
        if hasattr(history_model, "_history_m2m_fields")
        else set()
    )
    fields = []
    for model_field in model._meta.get_fields():
        if model_field.name in HIDDEN or not getattr(model_field, "concrete", False):
            continue
        if model_field.many_to_many:
            if model_field.name in m2m_names:
                fields.append((model_field, True))
        elif model_field.attname in kept or model_field.name in kept:
            fields.append((model_field, False))
    return fields


def _value(record, model_field, is_m2m, names):
    if is_m2m:
        target = model_field.m2m_reverse_field_name()
        pks = getattr(record, model_field.name).values_list(f"{target}_id", flat=True)
        return sorted(names.get(model_field.related_model, pk) for pk in pks)
    if model_field.is_relation:
        return names.get(model_field.related_model, getattr(record, model_field.attname))
    return getattr(record, model_field.attname)


def diff(record, previous, fields, names):
    """The fields that differ between two history rows of one object (previous may be None)."""
    changes = []
    for model_field, is_m2m in fields:
        new = _value(record, model_field, is_m2m, names)
        old = _value(previous, model_field, is_m2m, names) if previous is not None else None
        if record.history_type == "+" and new in (None, "", [], {}):
            continue
        if previous is None or old != new:
            label = str(model_field.verbose_name)
            changes.append(FieldChange(label[:1].upper() + label[1:], _display(old), _display(new)))
    return changes


def object_changes(obj):
    """The changes of one object, newest first, each with its fields' old → new values."""
    model = type(obj)
    records = list(
        obj.history.select_related("history_user").order_by("history_date", "history_id")
    )
    fields = _tracked(model)
    names = _Names()
    changes = []
    previous = None
    for record in records:
        fields_changed = diff(record, previous, fields, names) if record.history_type != "-" else []
        changes.append(Change(record, fields_changed))
        previous = record
    return list(reversed(changes))


def change_log(*, user=None, date_from=None, date_to=None, kind=None):
    """Every change of the chosen kinds as dicts, newest first (one query, ready to paginate).

    Keys: history_id, history_date, history_type, history_change_reason, username, object_id,
    object_kind, label.
    """
    parts = []
    for key, (model, label) in KINDS.items():
        if kind and kind != key:
            continue
        qs = model.history.all()
        if user:
            qs = qs.filter(history_user__username=user)
        if date_from:
            qs = qs.filter(history_date__date__gte=date_from)
        if date_to:
            qs = qs.filter(history_date__date__lte=date_to)
        parts.append(
            qs.order_by()
            .annotate(
                object_kind=models.Value(key, output_field=models.CharField()),
                label=label,
                username=models.F("history_user__username"),
                object_id=models.F("id"),
            )
            .values(
                "history_id",
                "history_date",
                "history_type",
                "history_change_reason",
                "username",
                "object_id",
                "object_kind",
                "label",
            )
        )
    if not parts:
        return Initiative.history.none().values("history_id")
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return union.order_by("-history_date", "-history_id")
