"""Who changed the catalogue, when and why: attribution of history rows (django-simple-history).

Every change to an initiative (with its regions, partners and target groups), a mention or an
organisation is kept as a whole version by django-simple-history. This module says whose the
change is and why::

    from initiatives.history import as_user

    with as_user("import", reason="load_catalogue: fixtures/ (5 kilder)"):
        ...  # saves, m2m changes and deletes here are one transaction, attributed and explained

``as_user(user, reason=...)`` takes a User or a user name (a name without a user, such as
"import", gets an inactive user that cannot log in) and opens a transaction. Inside it, each
object changed gets **one** history row however many times it is saved or its links change,
written when the block ends with the object's final state and only when something differs from
its previous version: a block that changes nothing writes no history. Deletions are written as
they happen. Outside any block, simple-history's own behaviour applies (a row per save, no
reason) so that nothing goes unrecorded.

A block that wrote history also writes one ``CatalogueChange`` (``kind`` "load" for the loader,
"correction" otherwise) dated like its history rows, counting what it created, changed and
deleted per kind of object: the public "Nyt i kataloget" page and the feed read those.
"""

import contextlib
import contextvars
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

_current = contextvars.ContextVar("editorial_batch", default=None)


@dataclass
class Batch:
    """The changes of one ``as_user`` block: who, why, when, and the objects touched."""

    user: object
    reason: str
    kind: str = "correction"
    started: object = field(default_factory=timezone.now)
    # (HistoricalRecords, model, pk) → "+" or "~", in the order first touched.
    pending: dict = field(default_factory=dict)
    # model name → {"+": n, "~": n, "-": n}: the history rows written, for ``CatalogueChange``.
    counts: dict = field(default_factory=dict)

    def count(self, model, history_type, n=1):
        if n:
            per_type = self.counts.setdefault(model._meta.model_name, {})
            per_type[history_type] = per_type.get(history_type, 0) + n

    def touch(self, records, instance, history_type):
        key = (records, type(instance), instance.pk)
        if self.pending.get(key) != "+":
            self.pending[key] = history_type

    def flush(self):
        groups = {}
        for (records, model, pk), history_type in self.pending.items():
            groups.setdefault((records, model, history_type), []).append(pk)
        for (records, model, history_type), pks in groups.items():
            # Objects deleted in the block are gone: their "-" rows are written already.
            instances = list(model._default_manager.filter(pk__in=pks))
            if history_type == "~":
                instances = [i for i in instances if records.differs_from_last(i)]
            records.bulk_record(instances, history_type, self)
            self.count(model, history_type, len(instances))
        self.pending.clear()
        if self.counts:
            from initiatives.models import CatalogueChange

            CatalogueChange.objects.create(
                when=self.started,
                kind=self.kind,
                user=self.user if getattr(self.user, "pk", None) else None,
                reason=self.reason,
                counts=self.counts,
            )


def current_batch():
    return _current.get()


def _resolve_user(user):
    if user is None or not isinstance(user, str):
        return user
    from django.contrib.auth import get_user_model

    model = get_user_model()
    found = model._default_manager.filter(username=user).first()
    if found is None:
        found = model(username=user, is_active=False)
        found.set_unusable_password()
        found.save()
    return found


@contextlib.contextmanager
def as_user(user, *, reason, kind="correction"):
    """Attribute every change inside the block to ``user`` with ``reason``; one transaction.

    ``kind`` is what the block is on "Nyt i kataloget": "load" or "correction".
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("as_user() needs a reason")
    if kind not in ("load", "correction"):
        raise ValueError(f"as_user(kind=...) must be 'load' or 'correction', not {kind!r}")
    with transaction.atomic():
        batch = Batch(user=_resolve_user(user), reason=reason, kind=kind)
        token = _current.set(batch)
        try:
            yield batch
            batch.flush()
        finally:
            _current.reset(token)


class EditorialHistory(HistoricalRecords):
    """simple-history, attributed by ``as_user`` and written once per object per block."""

    def __init__(self, **kwargs):
        from django.db import models

        kwargs.setdefault("history_change_reason_field", models.TextField(null=True))
        super().__init__(**kwargs)

    def post_save(self, instance, created, using=None, **kwargs):
        batch = current_batch()
        if batch is None or kwargs.get("raw") or hasattr(instance, "skip_history_when_saving"):
            return super().post_save(instance, created, using=using, **kwargs)
        batch.touch(self, instance, "+" if created else "~")

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        batch = current_batch()
        if batch is None:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        if action in ("post_add", "post_remove", "post_clear") and not reverse:
            batch.touch(self, instance, "~")

    def post_delete(self, instance, using=None, **kwargs):
        batch = current_batch()
        if batch is not None:
            instance._history_date = batch.started
            batch.count(type(instance), "-")
        return super().post_delete(instance, using=using, **kwargs)

    def get_history_user(self, instance):
        batch = current_batch()
        if batch is not None:
            return batch.user
        return super().get_history_user(instance)

    def get_change_reason_for_object(self, instance, history_type, using):
        batch = current_batch()
        if batch is not None:
            return batch.reason
        return super().get_change_reason_for_object(instance, history_type, using)

    def bulk_record(self, instances, history_type, batch):
        """History rows (and their m2m snapshots) for many objects in a few queries."""
        if not instances:
            return
        history_model = getattr(type(instances[0]), self.manager_name).model
        attnames = [f.attname for f in self.fields_included(instances[0])]
        rows = history_model.objects.bulk_create(
            history_model(
                history_date=batch.started,
                history_type=history_type,
                history_user=batch.user,
                history_change_reason=batch.reason,
                **{name: getattr(instance, name) for name in attnames},
            )
            for instance in instances
        )
        by_pk = {instance.pk: row for instance, row in zip(instances, rows, strict=True)}
        for m2m in self.get_m2m_fields_from_model(type(instances[0])):
            through = m2m.remote_field.through
            own = m2m.m2m_field_name()
            names = [f.attname for f in through._meta.fields]
            links = through.objects.filter(**{f"{own}__in": list(by_pk)}).values_list(*names)
            self.m2m_models[m2m].objects.bulk_create(
                self.m2m_models[m2m](history=by_pk[link[names.index(f"{own}_id")]],
                                     **dict(zip(names, link, strict=True)))
                for link in links
            )  # fmt: skip

    def differs_from_last(self, instance):
        """Whether ``instance`` (fields and tracked links) differs from its newest history row."""
        last = getattr(instance, self.manager_name).order_by("-history_date", "-pk").first()
        if last is None:
            return True
        for model_field in self.fields_included(instance):
            if getattr(last, model_field.attname) != getattr(instance, model_field.attname):
                return True
        for m2m in self.get_m2m_fields_from_model(type(instance)):
            target = m2m.m2m_reverse_field_name()
            old = set(getattr(last, m2m.name).values_list(f"{target}_id", flat=True))
            new = set(getattr(instance, m2m.name).values_list("pk", flat=True))
            if old != new:
                return True
        return False
