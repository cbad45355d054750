from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """The import pipeline: notes → readers → normalise → link → fixtures → load."""

    name = "imports"
    verbose_name = _("Import")
