"""The import app's one model: the admin's entry point for importing a note.

``NoteImport`` is a proxy of ``SourceDocument`` with no table of its own: it puts "Indlæs
notat" in the admin and carries the permission to import (``imports.add_noteimport``).
"""

from django.utils.translation import gettext_lazy as _

from initiatives.models import SourceDocument


class NoteImport(SourceDocument):
    class Meta:
        proxy = True
        verbose_name = _("indlæsning af notat")
        verbose_name_plural = _("Indlæs notat")
