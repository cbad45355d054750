"""One load or correction of the catalogue as a whole: what "Nyt i kataloget" and the feed list."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# What a change's counts are called on the public page, per kind of object and history type
# ("+" created, "~" changed, "-" deleted), in the order the page lists them.
COUNT_TEXTS = {
    ("initiative", "+"): lambda n: ngettext(
        "%(count)s nyt initiativ", "%(count)s nye initiativer", n
    ),
    ("initiative", "~"): lambda n: ngettext(
        "%(count)s ændret initiativ", "%(count)s ændrede initiativer", n
    ),
    ("initiative", "-"): lambda n: ngettext(
        "%(count)s initiativ fjernet", "%(count)s initiativer fjernet", n
    ),
    ("mention", "+"): lambda n: ngettext("%(count)s ny omtale", "%(count)s nye omtaler", n),
    ("mention", "~"): lambda n: ngettext("%(count)s ændret omtale", "%(count)s ændrede omtaler", n),
    ("mention", "-"): lambda n: ngettext(
        "%(count)s omtale fjernet", "%(count)s omtaler fjernet", n
    ),
    ("organisation", "+"): lambda n: ngettext(
        "%(count)s ny organisation", "%(count)s nye organisationer", n
    ),
    ("organisation", "~"): lambda n: ngettext(
        "%(count)s ændret organisation", "%(count)s ændrede organisationer", n
    ),
    ("organisation", "-"): lambda n: ngettext(
        "%(count)s organisation fjernet", "%(count)s organisationer fjernet", n
    ),
}


class CatalogueChange(models.Model):
    """One load or one correction that changed the catalogue: when, who, why, and how much.

    Written by ``initiatives.history.as_user`` when its block ends having written history
    (a load or correction that changes nothing writes no row). ``when`` is the ``history_date``
    of every history row the block wrote, so an initiative's history says which change touched
    it. ``counts`` holds, per kind of object (``initiative``, ``mention``, ``organisation``…),
    how many were created ("+"), changed ("~") and deleted ("-"):
    ``{"initiative": {"+": 3, "~": 1}}``.
    """

    class Kind(models.TextChoices):
        LOAD = "load", _("indlæsning")
        CORRECTION = "correction", _("rettelse")

    when = models.DateTimeField(_("tidspunkt"))
    kind = models.CharField(_("art"), max_length=12, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bruger"),
    )
    reason = models.TextField(_("begrundelse"), blank=True)
    counts = models.JSONField(_("antal"), default=dict)

    class Meta:
        ordering = ["-when", "-id"]
        verbose_name = _("ændring af kataloget")
        verbose_name_plural = _("ændringer af kataloget")
        indexes = [models.Index(fields=["when"], name="catalogue_change_when")]

    def __str__(self):
        return f"{self.when:%Y-%m-%d %H:%M} {self.get_kind_display()}: {self.reason}"

    def count(self, kind, history_type):
        return (self.counts.get(kind) or {}).get(history_type, 0)

    @property
    def initiatives_kept(self):
        """How many initiatives this change created or changed (those it may link to)."""
        return self.count("initiative", "+") + self.count("initiative", "~")

    def count_texts(self):
        """The counts as Danish (or English) phrases, initiatives first: "3 nye initiativer"."""
        texts = []
        for (kind, history_type), text in COUNT_TEXTS.items():
            n = self.count(kind, history_type)
            if n:
                texts.append(text(n) % {"count": n})
        return texts
