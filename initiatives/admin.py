"""Django admin for the catalogue: where staff correct imported rows.

A change an admin saves on an initiative or a mention is recorded in its ``corrected_fields`` so that a later
re-import keeps it, and every save bumps the catalogue version so cached pages refresh at once.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from initiatives import search
from initiatives.models import (
    CatalogueVersion,
    Cluster,
    CollaborationModel,
    ImportWarning,
    Initiative,
    Mention,
    Organisation,
    Region,
    SourceDocument,
    Status,
    TargetGroup,
)


def record_corrections(form):
    """Mark the fields an admin changed on an existing correctable row (before it is saved)."""
    instance = form.instance
    if instance.pk and form.changed_data and hasattr(instance, "mark_corrected"):
        instance.mark_corrected(*form.changed_data)


class CatalogueAdmin(admin.ModelAdmin):
    """Facet counts on every list filter; every save bumps the catalogue version."""

    show_facets = admin.ShowFacets.ALWAYS

    def save_model(self, request, obj, form, change):
        record_corrections(form)
        super().save_model(request, obj, form, change)
        CatalogueVersion.bump()

    def save_formset(self, request, form, formset, change):
        # Corrections made in an inline (a mention on its initiative) are kept too.
        for inline_form in formset.forms:
            if inline_form not in formset.deleted_forms:
                record_corrections(inline_form)
        super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        CatalogueVersion.bump()


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
class OrganisationAdmin(CatalogueAdmin):
    list_display = ["name", "kind", "region", "parent", "is_group", "in_gazetteer"]
    list_filter = ["kind", "region", "is_group", "in_gazetteer"]
    search_fields = ["name", "slug", "aliases"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}


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
    search_fields = ["label", "code"]


@admin.register(SourceDocument)
class SourceDocumentAdmin(CatalogueAdmin):
    list_display = ["title", "issuer", "region", "date", "date_precision", "kind"]
    list_filter = ["region", "kind", "date_precision"]
    search_fields = ["title", "issuer", "file_name"]
    readonly_fields = ["sha256"]


class MentionInline(admin.StackedInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["source"]
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
    readonly_fields = ["title_raw", "partner_text", "target_group_text", "status_text"]
    show_change_link = True


@admin.register(Initiative)
class InitiativeAdmin(CatalogueAdmin):
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

    @admin.display(description=_("omtaler"))
    def mention_count(self, obj):
        return obj.mentions.count()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("status")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the many-to-many rows are saved, so partners and target groups are searchable.
        search.rebuild_index([form.instance.pk])


@admin.register(Mention)
class MentionAdmin(CatalogueAdmin):
    list_display = ["title", "source", "locator", "status", "status_as_of"]
    list_filter = ["source", "status"]
    search_fields = ["title", "title_raw", "locator", "partner_text"]
    autocomplete_fields = ["initiative", "source"]
    list_select_related = ["source", "status"]
    readonly_fields = ["corrected_fields"]


@admin.register(ImportWarning)
class ImportWarningAdmin(admin.ModelAdmin):
    list_display = ["source", "locator", "line", "message"]
    list_filter = ["source"]
    search_fields = ["message", "locator"]
    list_select_related = ["source"]
