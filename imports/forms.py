"""The admin's "Indlæs notat" forms: the upload with what the note does not say, and the
decision after the preview."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from imports.manifest import parse_date
from initiatives.models import Region


class NoteUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("PDF, Word (.docx), en gemt webside (HTML) eller tekst (UTF-8)."),
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=300,
        required=False,
        help_text=_("Tom: dokumentets egen titel, ellers filnavnet."),
    )
    date = forms.CharField(
        label=_("Dato"),
        max_length=10,
        required=False,
        help_text=_("ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller ÅÅÅÅ; tom, når notatet er udateret."),
    )
    issuer = forms.CharField(label=_("Udsteder"), max_length=200)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("(ingen: notatet dækker flere regioner)"),
    )
    kind = forms.CharField(label=_("Type"), max_length=60, initial="Notat")
    reason = forms.CharField(
        label=_("Begrundelse"),
        max_length=500,
        help_text=_("Hvorfor notatet indlæses; gemmes i historikken."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.NOTE_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("%(name)s fylder %(size)s; grænsen er %(limit)s."),
                params={
                    "name": upload.name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(limit),
                },
            )
        return upload

    def clean_date(self):
        value = self.cleaned_data["date"].strip()
        if value:
            try:
                parse_date(value)
            except ValueError:
                raise forms.ValidationError(
                    _("Skriv datoen som ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller ÅÅÅÅ.")
                ) from None
        return value

    def note_fields(self) -> dict:
        """What the editor filled in, as plain data (kept with the upload until "Gem")."""
        data = self.cleaned_data
        return {
            "title": data["title"].strip(),
            "date": data["date"],
            "issuer": data["issuer"].strip(),
            "region": data["region"].slug if data["region"] else None,
            "kind": data["kind"].strip(),
            "reason": data["reason"].strip(),
        }


class NoteDecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("save", _("Gem")), ("cancel", _("Annullér"))])


def build_arguments(fields: dict) -> dict:
    """``intake.build``'s keyword arguments from ``note_fields``."""
    date, precision = parse_date(fields["date"]) if fields["date"] else (None, "unknown")
    return {
        "title": fields["title"],
        "issuer": fields["issuer"],
        "date": date,
        "precision": precision,
        "region": fields["region"],
        "kind": fields["kind"] or "Notat",
    }
