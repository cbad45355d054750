"""The catalogue's data model (DESIGN.md, "Data model").

One ``Initiative`` is one real-world collaboration; each time a note reports it, that is one
``Mention``. Lookup tables (regions, clusters, organisations, target groups, statuses, source
documents) have slugs or codes as natural keys, so fixtures load idempotently.
"""

import functools

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from imports.text import slugify_da
from initiatives.collation import MAX_LENGTH as SORT_KEY_LENGTH
from initiatives.collation import sort_key
from initiatives.history import EditorialHistory


class SlugManager(models.Manager):
    """Natural-key lookups by slug."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


def public_initiative_count(relation="initiatives"):
    """How many public initiatives (those with a mention) a row is linked to, as an annotation."""
    public = Initiative.objects.public().values("pk")
    return models.Count(relation, filter=models.Q(**{f"{relation}__in": public}), distinct=True)


def unique_slug(model, text, *, fallback, max_length=80, redirects=None):
    """A slug for ``text`` (Danish letters spelled out, as the importer spells them) that no row of
    ``model`` has, nor any old slug in ``redirects`` (a merged row's URL keeps redirecting)."""
    base = slugify_da(text)[:max_length].strip("-") or fallback
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if redirects is not None:
        taken |= set(
            redirects.objects.filter(old_slug__startswith=base).values_list("old_slug", flat=True)
        )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


class VocabularyQuerySet(models.QuerySet):
    """Regions, target groups and statuses: each counted by its initiatives for overviews."""

    def with_initiative_counts(self):
        return self.annotate(initiative_count=public_initiative_count())


class VocabularyManager(SlugManager.from_queryset(VocabularyQuerySet)):
    pass


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
        return reverse("initiatives:region-detail", args=[self.slug])

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


def _english():
    return (get_language() or "").startswith("en")


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


class Correctable(models.Model):
    """Rows an editor may correct: what was corrected, when, and what the source itself says.

    ``corrected_fields`` lists the fields an editor changed; the loader never overwrites one of
    them. ``corrections`` holds, per corrected field, the date of the correction (``at``) and
    the value the import derives from the notes (``source`` as data, ``text`` as read), which the
    public page shows one click away and the loader compares on every import (a change beneath a
    correction is a "konflikt" warning; nothing is overwritten).
    """

    # Fields an editor may correct; the loader never overwrites one listed in corrected_fields.
    CORRECTABLE_FIELDS: tuple[str, ...] = ()

    corrected_fields = models.JSONField(_("rettede felter"), default=list, blank=True)
    corrections = models.JSONField(_("rettelser"), default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    def mark_corrected(self, *fields, source_values=None, when=None):
        """Record fields an editor changed so that a re-import keeps them.

        ``source_values`` maps a field to its (data, text) as the import had it, kept from the
        first correction on; ``when`` (default today) dates the correction.
        """
        fields = [f for f in fields if f in self.CORRECTABLE_FIELDS]
        self.corrected_fields = sorted(set(self.corrected_fields) | set(fields))
        when = (when or timezone.localdate()).isoformat()
        corrections = dict(self.corrections or {})
        for name in fields:
            entry = dict(corrections.get(name) or {})
            if "source" not in entry and source_values and name in source_values:
                entry["source"], entry["text"] = source_values[name]
            entry["at"] = when
            corrections[name] = entry
        self.corrections = corrections

    def correction(self, name):
        """The correction of one field ({"at", "source", "text"}), or None when not corrected."""
        if name not in self.corrected_fields:
            return None
        return (self.corrections or {}).get(name) or {}


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
        return reverse("initiatives:organisation-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)


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
        return reverse("initiatives:target-group-detail", args=[self.slug])

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
        return reverse("initiatives:model-detail", args=[self.slug])

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
        return reverse("initiatives:source-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def citation_title(self):
        return self.short_title or self.title


class InitiativeQuerySet(models.QuerySet):
    def public(self):
        """Initiatives the public site shows: those at least one note mentions.

        An EXISTS on the indexed ``Mention.initiative`` foreign key, so it stays cheap however
        many initiatives there are. Every public page, feed and export starts here.
        """
        return self.filter(models.Exists(Mention.objects.filter(initiative=models.OuterRef("pk"))))

    def for_list(self):
        """What a list of initiatives shows, in a constant number of queries."""
        # The search vector is for the database's eyes only: never fetch it into Python.
        return (
            self.defer("search_vector")
            .select_related("status")
            .prefetch_related(
                "regions",
                "target_groups",
                models.Prefetch("partners", Organisation.objects.order_by("kind", "name")),
            )
        )

    def for_page(self):
        """The rows of a list page; ``vocabulary.attach_links`` then adds their links in one query."""
        return self.defer("search_vector").select_related("status")

    def for_detail(self):
        """An initiative with its parts and mentions; ``vocabulary.attach_links`` adds the rest."""
        return (
            self.defer("search_vector")
            .select_related("status", "parent")
            .prefetch_related(
                # Unordered (the view sorts): "ORDER BY sort_key" could walk the sort index.
                models.Prefetch("parts", Initiative.objects.select_related("status").order_by()),
                models.Prefetch(
                    "mentions",
                    # Citations name the source's region; the note's text is not needed.
                    Mention.objects.select_related("source__region", "status")
                    .defer("source__text")
                    .order_by(
                        models.F("source__date").asc(nulls_first=True), "source__title", "position"
                    ),
                ),
            )
        )

    def by_title(self):
        """Danish alphabetical order (æ, ø, å after z), served by the index on the sort key."""
        return self.order_by("sort_key", "pk")

    def by_status(self):
        """In the status vocabulary's order (planned … unknown), by title within a status."""
        return self.order_by("status__order", "sort_key", "pk")

    def newest_first(self):
        """Newest mention first; initiatives whose sources are all undated come last."""
        return self.order_by(models.F("last_reported").desc(nulls_last=True), "sort_key", "pk")


class InitiativeManager(SlugManager.from_queryset(InitiativeQuerySet)):
    pass


class Initiative(Correctable):
    """One real-world collaboration between hospitals, kommuner and/or almen praksis.

    Fields other than the slug are derived from the mentions (``imports.pipeline.
    initiative_fields``), except those listed in ``corrected_fields``: an editor corrected them,
    and a re-import keeps them. The slug is made from the title on first save when not given.
    The public site shows only initiatives with a mention (``Initiative.objects.public()``).
    """

    CORRECTABLE_FIELDS = (
        "title",
        "description",
        "status",
        "status_as_of",
        "regions",
        "partners",
        "target_groups",
        "models",
        "funding_amount",
        "funding_granted_by",
        "funding_period",
        "funding_lines",
        "parent",
    )

    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, blank=True, help_text=_("Dannes af titlen.")
    )
    title = models.CharField(_("titel"), max_length=400)
    # Danish alphabetical order as digits (initiatives.collation); kept in step with the title by
    # save(). Code that writes titles in bulk (bulk_create, update) must set it too.
    sort_key = models.CharField(
        _("sorteringsnøgle"), max_length=SORT_KEY_LENGTH, blank=True, editable=False
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    status = models.ForeignKey(
        Status, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("status")
    )
    status_as_of = models.DateField(_("status pr."), null=True, blank=True)
    last_reported = models.DateField(
        _("senest omtalt"),
        null=True,
        blank=True,
        help_text=_("Datoen for den nyeste kilde, der omtaler initiativet."),
    )
    regions = models.ManyToManyField(
        Region, related_name="initiatives", blank=True, verbose_name=_("regioner")
    )
    partners = models.ManyToManyField(
        Organisation, related_name="initiatives", blank=True, verbose_name=_("parter")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="initiatives", blank=True, verbose_name=_("målgrupper")
    )
    funding_amount = models.DecimalField(
        _("bevilling (kr.)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    funding_granted_by = models.CharField(_("bevilget af"), max_length=300, blank=True)
    funding_period = models.CharField(_("periode"), max_length=60, blank=True)
    funding_lines = models.JSONField(
        _("budgetlinjer"),
        default=list,
        blank=True,
        help_text=_("Aktiviteter med budgetteret og anvendt beløb i kr."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=pgettext_lazy("initiative", "del af"),
    )
    # Maintained by initiatives.search.rebuild_index(); PostgreSQL only (SQLite uses FTS5).
    search_vector = SearchVectorField(null=True, editable=False)
    # Last of the fields: from here on the class body's name "models" is this field, not the module.
    models = models.ManyToManyField(
        CollaborationModel,
        related_name="initiatives",
        blank=True,
        verbose_name=_("samarbejdsformer"),
    )

    objects = InitiativeManager()
    history = EditorialHistory(
        m2m_fields=["regions", "partners", "target_groups", "models"],
        excluded_fields=["search_vector"],
    )

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = _("initiativ")
        verbose_name_plural = _("initiativer")
        # The newest-first index (last_reported DESC NULLS LAST, sort_key, id) and the link
        # tables' reverse indexes are created by migration 0004: PostgreSQL and SQLite spell
        # them differently, and auto-created link tables have no Meta of their own.
        indexes = [
            models.Index(fields=["sort_key", "id"], name="initiative_sort_key"),
            models.Index(fields=["status", "sort_key", "id"], name="initiative_status_sort"),
            # Almost every parent is NULL: planner statistics on the plain foreign-key index say
            # "matches everything", so a detail page's parts query would scan the table.
            models.Index(
                fields=["parent"],
                condition=models.Q(parent__isnull=False),
                name="initiative_parts",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Initiative, self.title, fallback="initiativ", redirects=InitiativeRedirect
            )
        self.sort_key = sort_key(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("initiatives:initiative-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)


class MentionQuerySet(models.QuerySet):
    def in_lines(self, source, first, last):
        """Mentions of ``source`` read from any of its lines first–last, in note order."""
        ends = Coalesce("line_end", "line")
        return (
            self.filter(source=source, line__lte=last)
            .alias(ends=ends)
            .filter(ends__gte=first)
            .select_related("initiative")
            .order_by("line", "position")
        )


class InitiativeRedirect(models.Model):
    """The old slug of an initiative merged into another: its URL answers 301 to the survivor.

    Kept forever (an old slug is never given to a new initiative); when the survivor is itself
    merged later, its redirects move on to the new survivor, so there is never a chain. The
    loader sends the notes' mentions of the old initiative to the survivor too.
    """

    old_slug = models.SlugField(_("gammel slug"), max_length=200, unique=True)
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="redirects", verbose_name=_("initiativ")
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    target = "initiative"

    class Meta:
        ordering = ["old_slug"]
        verbose_name = _("omdirigering af initiativ")
        verbose_name_plural = _("omdirigeringer af initiativer")

    def __str__(self):
        return f"{self.old_slug} → {self.initiative.slug}"


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


class MentionManager(models.Manager.from_queryset(MentionQuerySet)):
    def get_by_natural_key(self, source_slug, locator):
        return self.get(source__slug=source_slug, locator=locator)


class Mention(Correctable):
    """One row of one note reporting an initiative: the cells as read, and where they stand.

    The natural key is (source, locator): "Tabel 2, række 7" of one note is one mention. The
    raw cells are as the note has them and are not correctable; the normalised fields are, and
    so is ``initiative``: a mention an editor moved stays where the editor put it. ``partners``,
    ``regions`` and ``target_groups`` are the slugs the importer resolved for this row; an
    initiative's own links are derived from its mentions' (unless corrected).
    """

    CORRECTABLE_FIELDS = (
        "initiative",
        "section",
        "title",
        "description",
        "status",
        "status_as_of",
        "expected_end",
    )

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("initiativ")
    )
    source = models.ForeignKey(
        SourceDocument, on_delete=models.PROTECT, related_name="mentions", verbose_name=_("kilde")
    )
    # Holds a quoted caption for tables the note does not number ("Tabellen »…«, række 3").
    locator = models.CharField(_("placering"), max_length=300)
    position = models.PositiveIntegerField(_("nummer i kilden"), default=0)
    line = models.PositiveIntegerField(_("linje"), null=True, blank=True)
    line_end = models.PositiveIntegerField(
        _("sidste linje"),
        null=True,
        blank=True,
        help_text=_("Den sidste linje i notatet, som omtalen er læst fra."),
    )
    section = models.CharField(_("afsnit"), max_length=400, blank=True)
    title = models.CharField(_("titel"), max_length=400)
    title_raw = models.TextField(_("titel som skrevet"))
    target_group_text = models.TextField(_("målgruppe som skrevet"), blank=True)
    partner_text = models.TextField(_("parter som skrevet"), blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    description_raw = models.TextField(_("beskrivelse som skrevet"), blank=True)
    status_text = models.TextField(_("status som skrevet"), blank=True)
    status = models.ForeignKey(
        Status, on_delete=models.PROTECT, related_name="mentions", verbose_name=_("status")
    )
    status_as_of = models.DateField(_("status pr."), null=True, blank=True)
    expected_end = models.DateField(_("forventet afsluttet"), null=True, blank=True)
    effect_goal = models.TextField(_("forventet effektmål"), blank=True)
    extra = models.JSONField(_("øvrige oplysninger"), default=dict, blank=True)
    partners = models.JSONField(_("parter fundet af importen"), default=list, blank=True)
    regions = models.JSONField(_("regioner fundet af importen"), default=list, blank=True)
    target_groups = models.JSONField(_("målgrupper fundet af importen"), default=list, blank=True)
    sort_date = models.DateField(
        _("dato at ordne efter"),
        null=True,
        blank=True,
        help_text=_("Kildens dato, eller et skøn for en udateret kilde; kun til rækkefølgen."),
    )

    objects = MentionManager()
    history = EditorialHistory()

    class Meta:
        ordering = ["source", "position"]
        verbose_name = _("omtale")
        verbose_name_plural = _("omtaler")
        constraints = [
            models.UniqueConstraint(fields=["source", "locator"], name="mention_unique_locator"),
        ]
        indexes = [
            models.Index(fields=["initiative", "status_as_of"], name="mention_initiative_date"),
            # The source facet and filter: which notes mention these initiatives, and back.
            models.Index(fields=["initiative", "source"], name="mention_initiative_source"),
        ]

    def __str__(self):
        return f"{self.source.short_title or self.source.title}, {self.locator}"

    def natural_key(self):
        return (self.source.slug, self.locator)

    natural_key.dependencies = ["initiatives.sourcedocument"]


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
