"""Initiatives and their mentions: one real-world collaboration, and each time a note reports it
(with the redirects of merged initiatives)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalogue.reversing import cached_reverse
from imports.text import RESERVED_INITIATIVE_SLUGS
from initiatives.collation import MAX_LENGTH as SORT_KEY_LENGTH
from initiatives.collation import sort_key
from initiatives.history import EditorialHistory
from initiatives.models.base import Correctable, SlugManager, unique_slug
from initiatives.models.places import Organisation, Region
from initiatives.models.sources import SourceDocument
from initiatives.models.vocabularies import CollaborationModel, Status, TargetGroup


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

    def parts_of(self, initiative):
        """The parts of ``initiative`` as its page lists them: slug, title and status id (the
        statuses come from ``vocabulary.attach_related``). Unordered: the page sorts them, and
        "ORDER BY sort_key" could walk the sort index."""
        return self.filter(parent=initiative).only("slug", "title", "sort_key", "status").order_by()

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
                Initiative,
                self.title,
                fallback="initiativ",
                redirects=InitiativeRedirect,
                reserved=RESERVED_INITIATIVE_SLUGS,
            )
        self.sort_key = sort_key(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("initiatives:initiative-detail", self.slug)

    def natural_key(self):
        return (self.slug,)


# An initiative's links as the public pages show them: link name -> (its link table, the column
# of the linked row). ``vocabulary`` matches them to its rows; an initiative's page reads them with
# its mentions (``MentionQuerySet.for_initiative_page``).
LINKS = {
    "regions": (Initiative.regions.through, "region_id"),
    "target_groups": (Initiative.target_groups.through, "targetgroup_id"),
    "partners": (Initiative.partners.through, "organisation_id"),
    "models": (Initiative.models.through, "collaborationmodel_id"),
}


class MentionQuerySet(models.QuerySet):
    # What an initiative's page never shows of a mention: not fetched (the three JSON lists
    # would be decoded for nothing; the raw description can be long).
    NOT_ON_PAGE = (
        "title",
        "description_raw",
        "expected_end",
        "partners",
        "regions",
        "target_groups",
        "sort_date",
    )

    def for_initiative_page(self, slug):
        """The mentions of the public initiative ``slug``, each row with the initiative (and
        its parent's title and slug), ``initiative_has_parts`` and the ids of the initiative's
        regions, target groups, partners and models (``linked_<name>``, ``JoinedIds`` text).

        One query for what took four (the initiative, whether a note mentions it, its
        mentions, its links): an initiative no note mentions is not public, so no row means
        "not found". Sources and statuses are not joined: they are the same for every page of a
        catalogue version (``vocabulary.attach_related``). By id: the page sorts them by date.
        """
        from initiatives.export_sql import JoinedIds

        linked = {
            f"linked_{name}": models.Subquery(
                link.objects.filter(initiative_id=models.OuterRef("initiative_id"))
                .order_by()
                .values("initiative_id")
                .annotate(ids=JoinedIds(column))
                .values("ids")
            )
            for name, (link, column) in LINKS.items()
        }
        parent_unused = [
            f"initiative__parent__{field.name}"
            for field in Initiative._meta.concrete_fields
            if field.name not in ("id", "slug", "title")
        ]
        has_parts = models.Exists(Initiative.objects.filter(parent=models.OuterRef("initiative")))
        return (
            self.filter(initiative__slug=slug)
            .select_related("initiative__parent")
            .defer(*self.NOT_ON_PAGE, "initiative__search_vector", *parent_unused)
            .annotate(initiative_has_parts=has_parts, **linked)
            .order_by("pk")
        )

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
