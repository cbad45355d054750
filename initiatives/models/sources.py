"""The source notes, each with its full text."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalogue.reversing import cached_reverse
from initiatives.models.base import SlugManager
from initiatives.models.places import Region


class SourceDocumentQuerySet(models.QuerySet):
    def newest_first(self):
        """Newest note first; undated notes last."""
        return self.order_by(models.F("date").desc(nulls_last=True), "title")

    def with_counts(self):
        """Each note with how many mentions and distinct initiatives it holds."""
        return self.annotate(
            mention_count=models.Count("mentions", distinct=True),
            initiative_count=models.Count("mentions__initiative", distinct=True),
        )


class SourceDocument(models.Model):
    """One source note (an agenda, a notat, a report) with its full text."""

    class Precision(models.TextChoices):
        DAY = "day", _("dag")
        MONTH = "month", _("måned")
        YEAR = "year", _("år")
        UNKNOWN = "unknown", _("ukendt")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("titel"), max_length=300)
    short_title = models.CharField(_("kort titel"), max_length=200, blank=True)
    issuer = models.CharField(_("udsteder"), max_length=200)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name=_("region"),
    )
    date = models.DateField(_("dato"), null=True, blank=True)
    date_precision = models.CharField(
        _("datoens præcision"), max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    date_note = models.CharField(_("om datoen"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=60)
    file_name = models.CharField(_("filnavn"), max_length=200, unique=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    text = models.TextField(_("fuld tekst"))
    # Parts of the note the importers do not read: [{"part", "line", "reason"}]; the public
    # source page lists them.
    unread_parts = models.JSONField(_("dele der ikke er læst ind"), default=list, blank=True)

    objects = SlugManager.from_queryset(SourceDocumentQuerySet)()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("kilde")
        verbose_name_plural = _("kilder")
        indexes = [models.Index(fields=["date"], name="source_date")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("initiatives:source-detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def citation_title(self):
        return self.short_title or self.title
