"""The admin's "Indlæs notat": upload a note, see what it yields, then save it or cancel.

1. The editor uploads the file (PDF, Word, HTML or text; at most ``NOTE_UPLOAD_MAX_BYTES``)
   and fills in what the document does not say: title, date, issuer, region, kind, and why.
2. The note is read with the catalogue's notes (``imports.intake.build``); a file that cannot
   be read is refused with the reader's message. Nothing is written to the catalogue: the
   upload waits in ``imports.pending`` and the preview shows every row as read, its partners,
   target groups and status, the initiatives it joins ("samme som …") and every warning.
3. "Gem" writes it all in one transaction (``imports.intake.save``: the loader, as
   ``import_note`` writes; the file and its manifest entry kept in ``settings.NOTES_DIR`` so
   ``import_notes`` rebuilds with it) and logs the import with its reason on the source's
   history. "Annullér" deletes the upload and writes nothing.

Importing needs the permission ``imports.add_noteimport`` (superusers have it).
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imports import intake, pending
from imports.documents import KINDS, sniff
from imports.errors import SourceError
from imports.forms import NoteDecisionForm, NoteUploadForm, build_arguments
from imports.load_lock import LoadBusy
from imports.models import NoteImport
from imports.preview import preview_rows
from initiatives.models import SourceDocument


@admin.register(NoteImport)
class NoteImportAdmin(admin.ModelAdmin):
    upload_template = "admin/imports/noteimport/upload.html"
    preview_template = "admin/imports/noteimport/preview.html"

    def has_view_permission(self, request, obj=None):
        # The list page is the upload form: whoever may import may see it.
        return self.has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("", view(self.upload_view), name="imports_noteimport_changelist"),
            path("add/", view(self.upload_view), name="imports_noteimport_add"),
            path(
                "<str:token>/",
                view(require_POST(self.decide_view)),
                name="imports_noteimport_decide",
            ),
        ]

    def _context(self, request, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Indlæs notat"),
            "limit": settings.NOTE_UPLOAD_MAX_BYTES,
            **context,
        }

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = NoteUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            fields = form.note_fields()
            try:
                name = intake.safe_file_name(upload.name)
                built = intake.build(data, file=name, **build_arguments(fields))
            except SourceError as error:
                form.add_error("file", _wrong_file(upload.name, data, error))
            else:
                twin = SourceDocument.objects.filter(sha256=built.sha256).first()
                if twin is not None:
                    form.add_error(
                        "file",
                        _("%(name)s er allerede i kataloget som “%(title)s”.")
                        % {"name": upload.name, "title": twin.title},
                    )
                else:
                    staged = pending.stage(data, name=name, fields=fields)
                    return self._preview(request, built, staged, data)
        return TemplateResponse(request, self.upload_template, self._context(request, form=form))

    def _preview(self, request, built, staged, data):
        rows = preview_rows(built)
        kind = sniff(data)
        context = self._context(
            request,
            title=_("Forhåndsvisning: %(title)s") % {"title": built.meta.title},
            note=built.meta,
            fields=staged.fields,
            token=staged.token,
            kind=KINDS.get(kind, _("tekst")),
            pages=sum(1 for line in built.text.split("\n") if line.startswith("[Side ")),
            tables=built.result.tables,
            rows=rows,
            initiatives=len(built.initiatives),
            joining=sum(1 for row in rows if row.same_as),
            warnings=built.warnings,
        )
        return TemplateResponse(request, self.preview_template, context)

    def decide_view(self, request, token):
        if not self.has_add_permission(request):
            raise PermissionDenied
        upload_url = reverse("admin:imports_noteimport_changelist")
        staged = pending.get(token)
        form = NoteDecisionForm(request.POST)
        if staged is None or not form.is_valid():
            messages.error(request, _("Indlæsningen findes ikke længere; upload notatet igen."))
            return HttpResponseRedirect(upload_url)
        if form.cleaned_data["action"] == "cancel":
            staged.discard()
            messages.info(request, _("Annulleret: intet er gemt."))
            return HttpResponseRedirect(upload_url)
        data = staged.data
        try:
            built = intake.build(data, file=staged.name, **build_arguments(staged.fields))
            reason = staged.fields["reason"]

            def log():
                source = SourceDocument.objects.get(slug=built.slug)
                self.log_addition(request, source, _("Indlæst fra %(file)s: %(reason)s") % {
                    "file": staged.name, "reason": reason})  # fmt: skip

            note = f"Imported from the admin by {request.user.get_username()}: {reason}"
            intake.save(
                built,
                data,
                note=note,
                then=log,
                user=request.user,
                reason=f"Indlæs notat: {staged.name}: {reason}",
            )
        except (SourceError, LoadBusy) as error:
            messages.error(request, _("Intet er gemt: %(error)s") % {"error": error})
            return HttpResponseRedirect(upload_url)
        staged.discard()
        source = SourceDocument.objects.get(slug=built.slug)
        messages.success(
            request,
            _("“%(title)s” er gemt: %(rows)s rækker, %(initiatives)s initiativer.")
            % {
                "title": source.title,
                "rows": len(built.mentions),
                "initiatives": len(built.initiatives),
            },
        )
        return HttpResponseRedirect(
            reverse("admin:initiatives_sourcedocument_change", args=[source.pk])
        )


def _wrong_file(name: str, data: bytes, error: SourceError) -> str:
    """The message for a file the importer cannot read: its kind when it is none we read."""
    if sniff(data) is None and b"\x00" in data[:4096]:
        return _(
            "%(name)s er hverken PDF, Word (.docx), HTML eller tekst; gem notatet i et af de "
            "formater og prøv igen."
        ) % {"name": name}
    return _("Filen kan ikke indlæses: %(error)s") % {"error": error}
