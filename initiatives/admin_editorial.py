"""The admin's editorial pages: history per object, the change log, merge and move.

- ``HistoryAdminMixin``: an object's "Historik" page lists each change with who, when, why and
  every field's old → new value (``initiatives.changes``).
- ``change_log``: all changes of initiatives, mentions and organisations, filterable by user,
  date and kind (staff only, at ``<admin>/changes/``).
- ``merge_initiatives`` / ``merge_organisations``: list actions whose intermediate page picks the
  survivor and asks for the reason; ``move_mentions`` and the mention's "Flyt omtale" page move
  mentions to another initiative or a new one (``initiatives.editorial`` does the work).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives import editorial
from initiatives.changes import KIND_LABELS, TYPE_LABELS, change_log, object_changes
from initiatives.history import as_user
from initiatives.models import Initiative, Mention

LOG_PAGE_SIZE = 50


class HistoryAdminMixin:
    """The "Historik" page of an object: its changes with old → new values and the reason."""

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Historik: %(object)s") % {"object": obj},
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "changes": object_changes(obj),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/initiatives/history.html", context)


# The change log ---------------------------------------------------------------------------------


class ChangeLogForm(forms.Form):
    user = forms.ChoiceField(label=gettext_lazy("Bruger"), required=False)
    date_from = forms.DateField(
        label=gettext_lazy("Fra dato"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=gettext_lazy("Til dato"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Art"),
        required=False,
        choices=[("", gettext_lazy("Alle"))] + list(KIND_LABELS.items()),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = get_user_model()._default_manager.order_by("username")
        self.fields["user"].choices = [("", _("Alle"))] + [
            (n, n) for n in names.values_list("username", flat=True)
        ]


def _history_url(kind, object_id):
    try:
        return reverse(f"admin:initiatives_{kind}_history", args=[object_id])
    except NoReverseMatch:
        return ""


def change_log_view(request):
    """All changes, newest first, filterable by user, date and kind (staff only)."""
    form = ChangeLogForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = change_log(
        user=filters.get("user") or None,
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        kind=filters.get("kind") or None,
    )
    page = Paginator(rows, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    live = {
        kind: set(model.objects.filter(pk__in=[r["object_id"] for r in page if r["object_kind"] == kind])
                  .values_list("pk", flat=True))
        for kind, model in (("initiative", Initiative), ("mention", Mention))
    }  # fmt: skip
    entries = []
    for row in page:
        kind = row["object_kind"]
        exists = kind not in live or row["object_id"] in live[kind]
        entries.append(
            {
                **row,
                "kind_label": KIND_LABELS[kind],
                "type_label": TYPE_LABELS.get(row["history_type"], row["history_type"]),
                "url": _history_url(kind, row["object_id"]) if exists else "",
            }
        )
    context = {
        **admin.site.each_context(request),
        "title": _("Ændringslog"),
        "subtitle": None,
        "form": form,
        "page": page,
        "entries": entries,
    }
    return TemplateResponse(request, "admin/initiatives/change_log.html", context)


# Merging ----------------------------------------------------------------------------------------


class MergeForm(forms.Form):
    survivor = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        label=gettext_lazy("Behold"),
        empty_label=None,
        error_messages={"required": gettext_lazy("Vælg den, der skal bevares.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Begrundelse"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        error_messages={"required": gettext_lazy("Skriv en begrundelse for sammenlægningen.")},
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = queryset


def _merge(modeladmin, request, queryset, operation, *, action, title):
    objects = list(queryset)
    if len(objects) < 2:
        modeladmin.message_user(request, _("Vælg mindst to at lægge sammen."), level=messages.ERROR)
        return None
    form = MergeForm(request.POST if request.POST.get("post") else None, queryset=queryset)
    if form.is_valid():
        survivor = form.cleaned_data["survivor"]
        others = [o for o in objects if o.pk != survivor.pk]
        try:
            operation(survivor, others, user=request.user, reason=form.cleaned_data["reason"])
        except editorial.EditorialError as error:
            modeladmin.message_user(request, str(error), level=messages.ERROR)
            return None
        modeladmin.message_user(
            request,
            _("%(count)s lagt sammen i »%(survivor)s«.")
            % {"count": len(others), "survivor": survivor},
            level=messages.SUCCESS,
        )
        opts = modeladmin.opts
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[survivor.pk])
        )
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "opts": modeladmin.opts,
        "objects": objects,
        "form": form,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/initiatives/merge.html", context)


@admin.action(description=gettext_lazy("Læg valgte initiativer sammen"), permissions=["change"])
def merge_initiatives(modeladmin, request, queryset):
    return _merge(
        modeladmin,
        request,
        queryset,
        editorial.merge_initiatives,
        action="merge_initiatives",
        title=_("Læg initiativer sammen"),
    )


@admin.action(description=gettext_lazy("Læg valgte organisationer sammen"), permissions=["change"])
def merge_organisations(modeladmin, request, queryset):
    return _merge(
        modeladmin,
        request,
        queryset,
        editorial.merge_organisations,
        action="merge_organisations",
        title=_("Læg organisationer sammen"),
    )


# Moving mentions --------------------------------------------------------------------------------


class MoveForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Initiative.objects.all(),
        required=False,
        label=gettext_lazy("Flyt til initiativ"),
    )
    new = forms.BooleanField(
        required=False,
        label=gettext_lazy("Flyt til et nyt initiativ (udskil)"),
    )
    reason = forms.CharField(
        label=gettext_lazy("Begrundelse"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        error_messages={"required": gettext_lazy("Skriv en begrundelse for flytningen.")},
    )

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        target.widget = AutocompleteSelect(Mention._meta.get_field("initiative"), admin_site)
        target.widget.choices = target.choices

    def clean(self):
        data = super().clean()
        if bool(data.get("target")) == bool(data.get("new")):
            raise forms.ValidationError(
                _("Vælg enten et initiativ at flytte til eller et nyt initiativ.")
            )
        return data


@admin.action(description=gettext_lazy("Flyt valgte omtaler"), permissions=["change"])
def move_mentions(modeladmin, request, queryset):
    ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
    return HttpResponseRedirect(f"{reverse('admin:initiatives_mention_move')}?ids={ids}")


def move_urls(modeladmin):
    view = modeladmin.admin_site.admin_view(lambda request: move_view(modeladmin, request))
    return [path("move/", view, name="initiatives_mention_move")]


def move_view(modeladmin, request):
    """Move the mentions ``?ids=1,2`` to an existing initiative or a new one."""
    if not modeladmin.has_change_permission(request):
        raise PermissionDenied
    try:
        ids = [int(pk) for pk in request.GET.get("ids", "").split(",") if pk]
    except ValueError:
        raise Http404(_("Ugyldige omtaler: %(ids)s") % {"ids": request.GET.get("ids")}) from None
    mentions = list(Mention.objects.filter(pk__in=ids).select_related("initiative", "source"))
    if not mentions or len(mentions) != len(set(ids)):
        raise Http404(_("Omtalen findes ikke."))
    form = MoveForm(request.POST or None, admin_site=modeladmin.admin_site)
    if request.method == "POST" and form.is_valid():
        target, reason = form.cleaned_data["target"], form.cleaned_data["reason"]
        try:
            # All or nothing: one refused mention leaves every mention where it was.
            with as_user(request.user, reason=reason):
                for mention in mentions:
                    if target is None:
                        target = editorial.move_mention(
                            mention, new=True, user=request.user, reason=reason
                        )
                    else:
                        editorial.move_mention(mention, to=target, user=request.user, reason=reason)
        except editorial.EditorialError as error:
            form.add_error(None, str(error))
        else:
            modeladmin.message_user(
                request,
                _("%(count)s omtale(r) flyttet til »%(target)s«.")
                % {"count": len(mentions), "target": target},
                level=messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse("admin:initiatives_initiative_change", args=[target.pk])
            )
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Flyt omtale"),
        "subtitle": None,
        "opts": modeladmin.opts,
        "mentions": mentions,
        "form": form,
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, "admin/initiatives/move.html", context)
