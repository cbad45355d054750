from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    """The catalogue domain: initiatives, their mentions, partners and vocabularies."""

    name = "initiatives"
    verbose_name = _("Katalog")

    def ready(self):
        from initiatives import lookups  # noqa: F401 -- registers ``__any_of``
