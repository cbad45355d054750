"""Django admin for the catalogue: where editors correct imported rows.

Initiatives, mentions and organisations are corrected through ``EditorialAdmin``: every add or
change form asks for a reason ("Begrundelse"), the save is one transaction attributed to the
editor with that reason (``initiatives.history.as_user``), and the changed fields are recorded
in ``corrected_fields`` (with the source's own value) so that a later re-import keeps them.
Their history page shows who, when, why and each field's old → new value; merging and moving
are actions with an intermediate page (``initiatives.admin_editorial``). Reference data
(regions, clusters, statuses, target groups, sources) has plain admins. Every save bumps the
catalogue version so cached pages refresh at once.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from initiatives import admin_editorial, editorial
from initiatives.corrections import current_values
from initiatives.history import as_user
from initiatives.models import (
    CatalogueVersion,
    Cluster,
    CollaborationModel,
    Initiative,
    Mention,
    Organisation,
    Region,
    SourceDocument,
    Status,
    TargetGroup,
)
from initiatives.review import ImportWarningAdmin  # noqa: F401 -- registers the review queue


class ReasonForm(forms.ModelForm):
    """A model form with the required reason that the history row keeps."""

    reason = forms.CharField(
        label=_("Begrundelse"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_("Hvorfor rettelsen er rigtig, fx kilde eller samtale. Gemmes i historikken."),
        error_messages={"required": _("Skriv en begrundelse for rettelsen.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Skriv en begrundelse for rettelsen."))
        return reason


def record_corrections(form):
    """Mark the fields an editor set (with the source's values, before the save) as corrected."""
    instance = form.instance
    names = [n for n in form.changed_data if n in getattr(instance, "CORRECTABLE_FIELDS", ())]
    if not names:
        return
    source = current_values(instance, names) if instance.pk else None
    instance.mark_corrected(*names, source_values=source)


class CatalogueAdmin(admin.ModelAdmin):
    """Facet counts on every list filter; every save bumps the catalogue version."""

    show_facets = admin.ShowFacets.ALWAYS

    def save_model(self, request, obj, form, change):
        record_corrections(form)
        super().save_model(request, obj, form, change)
        CatalogueVersion.bump()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        CatalogueVersion.bump()


class EditorialAdmin(admin_editorial.HistoryAdminMixin, CatalogueAdmin):
    """Corrections with a reason, attributed and kept in the history; no bulk delete."""

    form = ReasonForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        # An empty reason makes the form invalid, so nothing is saved under the placeholder.
        reason = request.POST.get("reason", "").strip() or "-"
        with as_user(request.user, reason=reason):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with as_user(request.user, reason=str(_("Slettet i administrationen"))):
            return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(Region)
class RegionAdmin(CatalogueAdmin):
    list_display = ["name", "slug", "code"]
    search_fields = ["name", "slug"]


@admin.register(Cluster)
class ClusterAdmin(CatalogueAdmin):
    list_display = ["name", "region", "kind", "hospital"]
    list_filter = ["region", "kind"]
    search_fields = ["name", "aliases"]
    autocomplete_fields = ["hospital", "municipalities"]


@admin.register(Organisation)
class OrganisationAdmin(EditorialAdmin):
    list_display = ["name", "kind", "region", "parent", "is_group", "in_gazetteer"]
    list_filter = ["kind", "region", "is_group", "in_gazetteer"]
    search_fields = ["name", "slug", "aliases"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["slug", "in_gazetteer", "corrected_fields"]
    actions = [admin_editorial.merge_organisations]

    def has_delete_permission(self, request, obj=None):
        # An organisation still named as a partner is merged, not deleted.
        used = obj is not None and obj.initiatives.exists()
        return super().has_delete_permission(request, obj) and not used


@admin.register(TargetGroup)
class TargetGroupAdmin(CatalogueAdmin):
    list_display = ["name", "slug", "order"]
    search_fields = ["name"]


@admin.register(CollaborationModel)
class CollaborationModelAdmin(CatalogueAdmin):
    list_display = ["name", "slug", "order", "source_file"]
    search_fields = ["name", "name_en", "definition"]


@admin.register(Status)
class StatusAdmin(CatalogueAdmin):
    list_display = ["label", "code", "order"]
    # The life cycle, also in every list filter and select of a status (they use this ordering).
    ordering = ["order", "code"]
    search_fields = ["label", "code"]


@admin.register(SourceDocument)
class SourceDocumentAdmin(CatalogueAdmin):
    list_display = ["title", "issuer", "region", "date", "date_precision", "kind"]
    list_filter = ["region", "kind", "date_precision"]
    search_fields = ["title", "issuer", "file_name"]
    readonly_fields = ["sha256"]


MENTION_RAW_FIELDS = ["title_raw", "partner_text", "target_group_text", "status_text"]


class MentionInline(admin.StackedInline):
    model = Mention
    extra = 0
    fields = [
        ("source", "locator", "position"),
        "section",
        ("title", "status", "status_as_of", "expected_end"),
        "title_raw",
        "target_group_text",
        "partner_text",
        "status_text",
        "description",
    ]
    readonly_fields = ["source", "locator", "position", *MENTION_RAW_FIELDS]
    show_change_link = True

    # Mentions come from the notes: they are moved ("Flyt omtale"), never made or deleted here.
    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Initiative)
class InitiativeAdmin(EditorialAdmin):
    list_display = ["title", "status", "status_as_of", "last_reported", "mention_count"]
    list_filter = [
        "status",
        "regions",
        "target_groups",
        "models",
        "mentions__source",
        "partners__kind",
    ]
    search_fields = ["title", "description", "slug", "mentions__title_raw"]
    autocomplete_fields = ["partners", "parent"]
    filter_horizontal = ["regions", "target_groups", "models"]
    readonly_fields = ["slug", "last_reported", "corrected_fields"]
    inlines = [MentionInline]
    actions = [admin_editorial.merge_initiatives]

    @admin.display(description=_("omtaler"))
    def mention_count(self, obj):
        return obj.mentions.count()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("status")

    def save_formset(self, request, form, formset, change):
        # Corrections made in an inline (a mention on its initiative) are kept too.
        for inline_form in formset.forms:
            if inline_form not in formset.deleted_forms and inline_form.instance.pk:
                record_corrections(inline_form)
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Mentions corrected inline may change what the initiative derives from them.
        editorial.resettle([form.instance.pk])

    def has_delete_permission(self, request, obj=None):
        # An initiative with mentions is merged into another, not deleted.
        used = obj is not None and obj.mentions.exists()
        return super().has_delete_permission(request, obj) and not used


@admin.register(Mention)
class MentionAdmin(EditorialAdmin):
    list_display = ["title", "source", "locator", "initiative", "status", "status_as_of"]
    list_filter = ["source", "status"]
    search_fields = ["title", "title_raw", "locator", "partner_text", "initiative__slug"]
    autocomplete_fields = ["initiative"]
    list_select_related = ["source", "status", "initiative"]
    exclude = ["partners", "regions", "target_groups", "sort_date", "extra"]
    readonly_fields = [
        "source",
        "locator",
        "position",
        "line",
        *MENTION_RAW_FIELDS,
        "description_raw",
        "corrected_fields",
    ]
    actions = [admin_editorial.move_mentions]
    change_form_template = "admin/initiatives/mention/change_form.html"

    def has_add_permission(self, request):
        return False  # a mention is a row of a note: the import makes it

    def has_delete_permission(self, request, obj=None):
        return False  # the import deletes a mention its note no longer has

    def save_model(self, request, obj, form, change):
        old = Initiative.objects.filter(pk=form.initial.get("initiative")).first()
        super().save_model(request, obj, form, change)
        if old is not None and old.pk != obj.initiative_id:
            editorial.relocated(obj, old, obj.initiative)
        else:
            editorial.resettle([obj.initiative_id])

    def get_urls(self):
        return admin_editorial.move_urls(self) + super().get_urls()
