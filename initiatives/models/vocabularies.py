"""The controlled vocabularies: target groups, collaboration models (samarbejdsformer) and
statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalogue.reversing import cached_reverse
from initiatives.models.base import VocabularyManager, VocabularyQuerySet, _english


class TargetGroup(models.Model):
    """One group of the compact target-group vocabulary (ældre medicinske patienter …)."""

    name = models.CharField(_("navn"), max_length=150, unique=True)
    name_en = models.CharField(_("navn (engelsk)"), max_length=150, blank=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    objects = VocabularyManager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("initiatives:target-group-detail", self.slug)

    @property
    def display_name(self):
        """The name in the active language (English when a translation exists)."""
        return self.name_en if _english() and self.name_en else self.name

    def natural_key(self):
        return (self.slug,)


class CollaborationModel(models.Model):
    """A collaboration model (samarbejdsform): one way hospitals, kommuner and almen praksis
    work together, as Danske Regioners note on samarbejdsmodeller sets them out ("udgående
    teams", "forløbskoordination" …).

    The definition is written from the note's own paragraph, cited by the note's file and the
    line spans it is written from (``source_lines``: ``[[first, last], …]``). The vocabulary is
    reference data (``reference/collaboration_models.toml``).
    """

    name = models.CharField(_("navn"), max_length=150, unique=True)
    name_en = models.CharField(_("navn (engelsk)"), max_length=150, blank=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    definition = models.TextField(_("definition"))
    definition_en = models.TextField(_("definition (engelsk)"), blank=True)
    source_file = models.CharField(
        _("kildens filnavn"),
        max_length=200,
        help_text=_("Filnavnet på det notat, definitionen er skrevet ud fra."),
    )
    source_lines = models.JSONField(
        _("linjer i kilden"),
        default=list,
        help_text=_("De linjer i notatet, definitionen er skrevet ud fra: [[fra, til], …]."),
    )

    objects = VocabularyManager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("samarbejdsform")
        verbose_name_plural = _("samarbejdsformer")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("initiatives:model-detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def display_name(self):
        """The name in the active language (English when a translation exists)."""
        return self.name_en if _english() and self.name_en else self.name

    @property
    def display_definition(self):
        """The definition in the active language (English when a translation exists)."""
        return self.definition_en if _english() and self.definition_en else self.definition

    @property
    def line_spans(self):
        """The cited lines as (first, last) pairs, in the order the vocabulary gives them."""
        return [(int(first), int(last)) for first, last in self.source_lines]


class StatusManager(models.Manager.from_queryset(VocabularyQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Status(models.Model):
    """A value of the status vocabulary; free-text statuses in the notes map onto it."""

    code = models.SlugField(_("kode"), max_length=20, unique=True)
    label = models.CharField(_("betegnelse"), max_length=60)
    label_en = models.CharField(_("betegnelse (engelsk)"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    objects = StatusManager()

    class Meta:
        ordering = ["order"]
        verbose_name = _("status")
        verbose_name_plural = _("statusser")

    def __str__(self):
        return self.label

    def natural_key(self):
        return (self.code,)

    @property
    def display_label(self):
        """The label in the active language (English when a translation exists)."""
        return self.label_en if _english() and self.label_en else self.label
