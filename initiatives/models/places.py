"""Where collaborations happen and who takes part: regions, clusters (planområder and
sundhedsklynger) and organisations (the partners), with the redirects of merged organisations."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalogue.reversing import cached_reverse
from initiatives.history import EditorialHistory
from initiatives.models.base import (
    Correctable,
    SlugManager,
    VocabularyManager,
    public_initiative_count,
    unique_slug,
)


class Region(models.Model):
    """One of the five Danish regions."""

    name = models.CharField(_("navn"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    code = models.CharField(_("regionskode"), max_length=8, unique=True)

    objects = VocabularyManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("initiatives:region-detail", self.slug)

    def natural_key(self):
        return (self.slug,)


class ClusterManager(models.Manager):
    def get_by_natural_key(self, region_slug, slug):
        return self.get(region__slug=region_slug, slug=slug)


class Cluster(models.Model):
    """A planområde (Region Hovedstaden) or sundhedsklynge: a hospital and its kommuner.

    Names repeat across regions ("Klynge Midt"), so a cluster is always resolved within its region.
    """

    class Kind(models.TextChoices):
        PLANNING_AREA = "planomraade", _("planområde")
        HEALTH_CLUSTER = "sundhedsklynge", _("sundhedsklynge")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="clusters", verbose_name=_("region")
    )
    name = models.CharField(_("navn"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    hospital = models.ForeignKey(
        "Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hospital_clusters",
        verbose_name=_("hospital"),
    )
    municipalities = models.ManyToManyField(
        "Organisation", related_name="clusters", blank=True, verbose_name=_("kommuner")
    )
    aliases = models.JSONField(_("andre navne"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = ClusterManager()

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = _("klynge")
        verbose_name_plural = _("klynger")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "slug"], name="cluster_unique_slug_in_region"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.region})"

    def natural_key(self):
        return (self.region.slug, self.slug)

    natural_key.dependencies = ["initiatives.region"]


class OrganisationQuerySet(models.QuerySet):
    def with_initiative_counts(self):
        return self.annotate(initiative_count=public_initiative_count())

    def for_overview(self, *, include_empty=False):
        """Organisations grouped by kind and region, each with its number of initiatives."""
        qs = self.with_initiative_counts().select_related("region")
        if not include_empty:
            qs = qs.filter(initiative_count__gt=0)
        return qs.order_by("kind", "region__name", "name")


class OrganisationManager(SlugManager.from_queryset(OrganisationQuerySet)):
    pass


class Organisation(Correctable):
    """A partner: a hospital, psychiatric centre, kommune, general practice, region or other body.

    Groups named in the notes ("kommunerne i planområdet") are organisations too, marked
    ``is_group``, so that nothing a note says about who took part is dropped. An organisation
    merged into another leaves its slug behind as an ``OrganisationRedirect`` and its name among
    the survivor's aliases, so that a re-import resolves the old name to the survivor.
    """

    CORRECTABLE_FIELDS = ("name", "kind", "region", "parent", "aliases", "code", "is_group", "note")

    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        PSYCHIATRY = "psychiatry", _("Psykiatri")
        MUNICIPALITY = "municipality", _("Kommune")
        GENERAL_PRACTICE = "general_practice", _("Almen praksis")
        REGION = "region", _("Region")
        RESEARCH = "research", _("Forskning")
        OTHER = "other", _("Andet")

    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, blank=True, help_text=_("Dannes af navnet.")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("region"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("hører under"),
    )
    aliases = models.JSONField(_("andre navne"), default=list, blank=True)
    code = models.CharField(_("kode"), max_length=8, blank=True)
    is_group = models.BooleanField(_("gruppe"), default=False)
    in_gazetteer = models.BooleanField(
        _("i referencedata"),
        default=False,
        help_text=_("Kommer fra projektets referencedata, ikke fra et importeret notat."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = OrganisationManager()
    history = EditorialHistory()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        indexes = [
            models.Index(fields=["kind", "name"], name="organisation_kind_name"),
            models.Index(fields=["region", "kind"], name="organisation_region_kind"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Organisation, self.name, fallback="organisation", redirects=OrganisationRedirect
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("initiatives:organisation-detail", self.slug)

    def natural_key(self):
        return (self.slug,)


class OrganisationRedirect(models.Model):
    """An organisation merged into another: its old slug and name lead to the survivor.

    The public URL answers 301, and the loader resolves a note's organisation with this slug or
    name to the survivor instead of making it again.
    """

    old_slug = models.SlugField(_("gammel slug"), max_length=200, unique=True)
    old_name = models.CharField(_("gammelt navn"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="redirects",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    target = "organisation"

    class Meta:
        ordering = ["old_slug"]
        verbose_name = _("omdirigering af organisation")
        verbose_name_plural = _("omdirigeringer af organisationer")

    def __str__(self):
        return f"{self.old_slug} → {self.organisation.slug}"
