"""The review queue: import warnings as staff work (admin "Importadvarsler").

Each warning is open until an editor resolves it, with a note or linked to the initiative or
organisation whose correction settled it (or both). The list filters open and resolved
(open by default), by kind ("import" from the notes, "konflikt" when a note's value changed
beneath a correction) and by source. Warnings come from the import; nobody adds or deletes them
here, and the loader keeps a resolved warning resolved.
"""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.models import ImportWarning

OPEN, RESOLVED, ALL = "open", "resolved", "all"


class StateFilter(admin.SimpleListFilter):
    """Open (the default), resolved or all."""

    title = _("tilstand")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [(OPEN, _("Åbne")), (RESOLVED, _("Løste")), (ALL, _("Alle"))]

    def value(self):
        return super().value() or OPEN

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == OPEN:
            return queryset.open()
        if self.value() == RESOLVED:
            return queryset.resolved()
        return queryset


class ResolveForm(forms.ModelForm):
    resolved = forms.BooleanField(
        label=_("Løst"),
        required=False,
        help_text=_("Skriv en note eller vælg den rettelse, der løste advarslen."),
    )

    class Meta:
        model = ImportWarning
        fields = ["resolved", "resolution_note", "initiative", "organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolved"].initial = self.instance.resolved_at is not None

    def clean(self):
        data = super().clean()
        settled_by = (
            data.get("resolution_note", "").strip()
            or data.get("initiative")
            or (data.get("organisation"))
        )
        if data.get("resolved") and not settled_by:
            raise forms.ValidationError(
                _("En løst advarsel skal have en note eller et link til rettelsen.")
            )
        return data


@admin.register(ImportWarning)
class ImportWarningAdmin(admin.ModelAdmin):
    form = ResolveForm
    list_display = ["message", "kind", "source", "locator", "line", "state", "resolved_by"]
    list_filter = [StateFilter, "kind", "source"]
    search_fields = ["message", "locator"]
    list_select_related = ["source", "resolved_by"]
    autocomplete_fields = ["initiative", "organisation"]
    readonly_fields = ["source", "locator", "line", "kind", "message", "resolved_at", "resolved_by"]
    fieldsets = [
        (None, {"fields": ["source", "locator", "line", "kind", "message"]}),
        (
            _("Løsning"),
            {
                "fields": [
                    "resolved",
                    "resolution_note",
                    "initiative",
                    "organisation",
                    "resolved_at",
                    "resolved_by",
                ]
            },
        ),
    ]

    @admin.display(description=_("tilstand"))
    def state(self, obj):
        return _("åben") if obj.is_open else _("løst")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("resolved"):
            if obj.resolved_at is None:
                obj.resolved_at, obj.resolved_by = timezone.now(), request.user
        else:
            obj.resolved_at, obj.resolved_by = None, None
        super().save_model(request, obj, form, change)
