"""The review queue (import warnings) and the catalogue version that keys the page cache."""

import functools

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from initiatives.models.initiatives import Initiative
from initiatives.models.places import Organisation
from initiatives.models.sources import SourceDocument


class ImportWarningQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def resolved(self):
        return self.filter(resolved_at__isnull=False)


class ImportWarning(models.Model):
    """Something the importer could read but that staff should check: the review queue's rows.

    ``kind`` "import" comes from the notes (an unknown partner, a row without a title); a
    "konflikt" is the loader's own: a note's value changed beneath an editor's correction (both
    values in the message; the correction is kept). A warning is resolved with a note, or linked
    to the initiative or organisation whose correction settled it.
    """

    class Kind(models.TextChoices):
        IMPORT = "import", _("import")
        CONFLICT = "conflict", _("konflikt")

    source = models.ForeignKey(
        SourceDocument, on_delete=models.CASCADE, related_name="warnings", verbose_name=_("kilde")
    )
    locator = models.CharField(_("placering"), max_length=300, blank=True)
    line = models.PositiveIntegerField(_("linje"), null=True, blank=True)
    message = models.TextField(_("besked"))
    kind = models.CharField(_("art"), max_length=10, choices=Kind.choices, default=Kind.IMPORT)
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="warnings",
        verbose_name=_("initiativ"),
        help_text=_("Initiativet, advarslen gælder, eller hvis rettelse løste den."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="warnings",
        verbose_name=_("organisation"),
        help_text=_("Organisationen, hvis rettelse eller sammenlægning løste advarslen."),
    )
    resolved_at = models.DateTimeField(_("løst"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("løst af"),
    )
    resolution_note = models.TextField(_("note om løsningen"), blank=True)

    objects = ImportWarningQuerySet.as_manager()

    class Meta:
        ordering = ["source", "line", "id"]
        verbose_name = _("importadvarsel")
        verbose_name_plural = _("importadvarsler")
        indexes = [
            models.Index(fields=["source", "resolved_at"], name="warning_source_resolved"),
        ]

    def __str__(self):
        return f"{self.source.slug} {self.locator}: {self.message}"

    @property
    def is_open(self):
        return self.resolved_at is None


class CatalogueVersion(models.Model):
    """A single counter bumped by every load and every admin correction; it keys the page cache."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("katalogversion")
        verbose_name_plural = _("katalogversion")

    def __str__(self):
        return str(self.version)

    @classmethod
    def current(cls, using=None):
        """The version in the database (pages read it through ``initiatives.cache``)."""
        row = cls.objects.using(using).filter(pk=1).values_list("version", flat=True).first()
        return row or 0

    @classmethod
    def bump(cls):
        """Move the version on: the single entry point for every load and admin change.

        The cached copy of the version is dropped now and the new one written when the
        transaction commits, so no page is cached under a version whose data it does not show.
        """
        from initiatives import cache

        obj, _created = cls.objects.get_or_create(pk=1)
        cls.objects.filter(pk=1).update(version=models.F("version") + 1)
        obj.refresh_from_db()
        cache.version_changing()
        transaction.on_commit(functools.partial(cache.version_changed, obj.version))
        return obj
