"""The list's filters (DESIGN.md, "List parameters"): one explicit filter per URL parameter.

Repeating a parameter ORs its values; different parameters AND. Values are slugs (codes for
``status`` and ``kind``). The view is strict: an unknown value makes the form invalid, the result
empty and the error visible, never a 500. ``InitiativeFilterSet.without(name)`` gives the result
with every filter applied except one, which is what a facet counts (see ``initiatives.facets``).
"""

import django_filters
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from initiatives import search
from initiatives.models import (
    CollaborationModel,
    Initiative,
    Organisation,
    Region,
    SourceDocument,
    Status,
    TargetGroup,
)

Q_MAX_LENGTH = 200
# Slugs and codes are short; anything longer cannot match and is cut before it reaches the database.
VALUE_MAX_LENGTH = 300
PARAMETERS = (
    "q",
    "region",
    "organisation",
    "kind",
    "target_group",
    "model",
    "status",
    "source",
    "sort",
)

SORT_RELEVANCE = "relevance"
SORT_TITLE = "title"
SORT_NEWEST = "-date"
SORT_CHOICES = [
    (SORT_RELEVANCE, _("Relevans")),
    (SORT_TITLE, _("Titel")),
    (SORT_NEWEST, _("Nyeste omtale")),
]

UNKNOWN_VALUE = _("Ukendt værdi: »%(value)s«.")


def normalise_params(querydict):
    """A clean copy of the request's parameters, and polite notices about what was changed.

    NUL characters are dropped (PostgreSQL refuses them), over-long values are cut, and ``q`` is
    cut to ``Q_MAX_LENGTH`` characters with a notice.
    """
    params = QueryDict(mutable=True)
    notices = []
    for key, values in querydict.lists():
        key = key.replace("\x00", "")
        for value in values:
            value = value.replace("\x00", "")
            if key == "q" and len(value) > Q_MAX_LENGTH:
                value = value[:Q_MAX_LENGTH]
                notices.append(
                    _("Søgeteksten var for lang og er forkortet til %(max)s tegn.")
                    % {"max": Q_MAX_LENGTH}
                )
            params.appendlist(key, value[:VALUE_MAX_LENGTH])
    return params, notices


class SubqueryMultipleMixin:
    """OR of repeated values through a primary-key subquery: rows never repeat, so no DISTINCT."""

    def filter(self, qs, value):
        if not value:
            return qs
        lookup = f"{self.field_name}__{self.lookup_expr}"
        matching = qs.model._default_manager.filter(**{lookup: list(value)}).values("pk")
        return qs.filter(pk__in=matching)


class SlugMultipleFilter(SubqueryMultipleMixin, django_filters.ModelMultipleChoiceFilter):
    """Related rows chosen by slug (or code); an unknown one is a visible form error."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        kwargs.setdefault(
            "error_messages", {"invalid_choice": UNKNOWN_VALUE, "invalid_pk_value": UNKNOWN_VALUE}
        )
        super().__init__(*args, **kwargs)


class ChoiceMultipleFilter(SubqueryMultipleMixin, django_filters.MultipleChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        kwargs.setdefault("error_messages", {"invalid_choice": UNKNOWN_VALUE})
        super().__init__(*args, **kwargs)


class InitiativeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Søg"))
    region = SlugMultipleFilter(
        field_name="regions",
        to_field_name="slug",
        queryset=Region.objects.all(),
        label=_("Region"),
    )
    organisation = SlugMultipleFilter(
        field_name="partners",
        to_field_name="slug",
        queryset=Organisation.objects.all(),
        label=_("Partner"),
    )
    kind = ChoiceMultipleFilter(
        field_name="partners__kind",
        choices=Organisation.Kind.choices,
        label=_("Partnertype"),
    )
    target_group = SlugMultipleFilter(
        field_name="target_groups",
        to_field_name="slug",
        queryset=TargetGroup.objects.all(),
        label=_("Målgruppe"),
    )
    model = SlugMultipleFilter(
        field_name="models",
        to_field_name="slug",
        queryset=CollaborationModel.objects.all(),
        label=_("Samarbejdsform"),
    )
    status = SlugMultipleFilter(
        field_name="status",
        to_field_name="code",
        queryset=Status.objects.all(),
        label=_("Status"),
    )
    source = SlugMultipleFilter(
        field_name="mentions__source",
        to_field_name="slug",
        queryset=SourceDocument.objects.all(),
        label=_("Kilde"),
    )
    # Ordering, not filtering: applied by order() after every filter (see qs).
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="filter_noop", label=_("Sortering")
    )

    class Meta:
        model = Initiative
        fields = []

    def filter_q(self, queryset, name, value):
        return search.filter_search(queryset, value)

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset, *, exclude=()):
        for name, value in self.form.cleaned_data.items():
            if name == "sort" or name in exclude:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            qs = self.queryset.all()
            if self.is_bound:
                self.errors  # noqa: B018 -- validates the form before filtering
                qs = self.order(self.filter_queryset(qs))
            self._qs = qs
        return self._qs

    def without(self, name):
        """The result with every valid filter applied except ``name`` (a facet's own)."""
        self.errors  # noqa: B018
        return self.filter_queryset(self.queryset.all(), exclude={name})

    @property
    def search_text(self):
        return (self.form.cleaned_data.get("q") or "").strip() if self.is_bound else ""

    @property
    def sort_key(self):
        """The sort in effect: the chosen one, else relevance when searching, else title."""
        chosen = self.form.cleaned_data.get("sort") if self.is_bound else ""
        if chosen == SORT_RELEVANCE and not self.search_text:
            chosen = ""
        return chosen or (SORT_RELEVANCE if self.search_text else SORT_TITLE)

    def order(self, queryset):
        sort = self.sort_key
        if sort == SORT_RELEVANCE:
            ranked = search.annotate_rank(queryset, self.search_text)
            return ranked.order_by("-search_rank", "title", "pk")
        if sort == SORT_NEWEST:
            return queryset.newest_first()
        return queryset.by_title()

    def invalid_values(self):
        """(parameter, label, value, message) for each value the form refused."""
        if not self.is_bound or self.form.is_valid():
            return []
        refused = []
        for name, errors in self.form.errors.items():
            field = self.form.fields.get(name)
            values = self.data.getlist(name) if name in self.data else []
            valid = self._valid_values(name)
            for value in values:
                if value not in valid:
                    refused.append(
                        {
                            "name": name,
                            "label": field.label if field else name,
                            "value": value,
                            "messages": errors,
                        }
                    )
        return refused

    def _valid_values(self, name):
        field = self.form.fields.get(name)
        values = self.data.getlist(name)
        if isinstance(field, django_filters.fields.ModelMultipleChoiceField):
            key = field.to_field_name or "pk"
            return set(field.queryset.filter(**{f"{key}__in": values}).values_list(key, flat=True))
        if hasattr(field, "choices"):
            return {str(value) for value, _label in field.choices}
        return set()


def active_filters(filterset):
    """The chosen values, each with its label, grouped by parameter (for sentences and chips)."""
    if not filterset.is_bound:
        return []
    data = filterset.form.cleaned_data
    groups = []

    def add(name, prefix, items):
        if items:
            groups.append({"name": name, "prefix": prefix, "values": items})

    if filterset.search_text:
        add("q", _("Søgning"), [(filterset.search_text, f"»{filterset.search_text}«")])
    add("region", "", [(r.slug, r.name) for r in data.get("region") or []])
    add("organisation", _("Partner"), [(o.slug, o.name) for o in data.get("organisation") or []])
    kinds = dict(Organisation.Kind.choices)
    add("kind", _("Partnertype"), [(k, kinds[k]) for k in data.get("kind") or []])
    add(
        "target_group",
        _("Målgruppe"),
        [(g.slug, g.display_name) for g in data.get("target_group") or []],
    )
    add("model", _("Samarbejdsform"), [(m.slug, m.display_name) for m in data.get("model") or []])
    add("status", _("Status"), [(s.code, s.display_label) for s in data.get("status") or []])
    add("source", _("Kilde"), [(s.slug, s.citation_title) for s in data.get("source") or []])
    return groups


def describe(filterset, count, total):
    """The sentence above the results: "Viser 12 af 97 initiativer · Region Hovedstaden · …"."""
    parts = [
        ngettext(
            "Viser %(count)s af %(total)s initiativ",
            "Viser %(count)s af %(total)s initiativer",
            total,
        )
        % {"count": count, "total": total}
    ]
    for group in active_filters(filterset):
        labels = str(_(" eller ")).join(str(label) for _value, label in group["values"])
        parts.append(f"{group['prefix']}: {labels}" if group["prefix"] else labels)
    return " · ".join(parts)
