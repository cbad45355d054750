"""What the catalogue's models share: natural-key managers, readable unique slugs, the
vocabularies' counts, and ``Correctable`` (rows an editor may correct, kept across re-imports)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from imports.text import slugify_da


class SlugManager(models.Manager):
    """Natural-key lookups by slug."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


def public_initiative_count(relation="initiatives"):
    """How many public initiatives (those with a mention) a row is linked to, as an annotation."""
    from initiatives.models.initiatives import Initiative  # defined after this module

    public = Initiative.objects.public().values("pk")
    return models.Count(relation, filter=models.Q(**{f"{relation}__in": public}), distinct=True)


def unique_slug(model, text, *, fallback, max_length=80, redirects=None, reserved=()):
    """A slug for ``text`` (Danish letters spelled out, as the importer spells them) that no row of
    ``model`` has, nor any old slug in ``redirects`` (a merged row's URL keeps redirecting), nor
    one of ``reserved`` (the site's own pages)."""
    base = slugify_da(text)[:max_length].strip("-") or fallback
    taken = set(reserved) | set(
        model.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
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


def _english():
    return (get_language() or "").startswith("en")


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
