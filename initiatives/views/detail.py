"""An initiative's page, and the redirect of a merged initiative's (or organisation's) old URL."""

import datetime

from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from initiatives import vocabulary
from initiatives.export_sql import split_ids
from initiatives.formatting import (
    chronological,
    citation,
    is_stale,
    latest_mention,
    status_heading,
)
from initiatives.models import Initiative, InitiativeRedirect, Mention
from initiatives.precompiled import Precompiled
from initiatives.views.lists import current_version

# The page's one big query, compiled once per connection (``initiatives.precompiled``).
PAGE_MENTIONS = Precompiled(Mention, lambda slug: Mention.objects.for_initiative_page(slug))


class RedirectMergedMixin:
    """A slug that was merged into another row answers 301 to the survivor, forever."""

    redirect_model = None

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = (
                self.redirect_model.objects.filter(old_slug=kwargs.get("slug"))
                .select_related(self.redirect_model.target)
                .first()
            )
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(
                getattr(moved, self.redirect_model.target).get_absolute_url()
            )


class InitiativeDetailView(RedirectMergedMixin, DetailView):
    extra_context = {"nav": "initiatives"}
    template_name = "initiatives/initiative_detail.html"
    context_object_name = "initiative"
    redirect_model = InitiativeRedirect

    def get_object(self, queryset=None):
        """The initiative with its mentions, parts, status and links, in one query (two when it
        has parts): its mentions, each row with the initiative and the ids of its links, and its
        parts. Statuses, sources and the linked rows come from the vocabulary."""
        words = vocabulary.for_version(current_version())
        mentions = PAGE_MENTIONS(self.kwargs[self.slug_url_kwarg])
        if not mentions:
            raise Http404(
                _("No %(verbose_name)s found matching the query")
                % {"verbose_name": Initiative._meta.verbose_name}
            )
        initiative = mentions[0].initiative
        parts = (
            list(Initiative.objects.parts_of(initiative))
            if mentions[0].initiative_has_parts
            else []
        )
        for mention in mentions:
            Mention.initiative.field.set_cached_value(mention, initiative)
        vocabulary.attach_related(mentions, words, "source", "status")
        vocabulary.attach_related([initiative, *parts], words, "status")
        vocabulary.prefetched(initiative, "mentions", Mention, mentions)
        vocabulary.prefetched(initiative, "parts", Initiative, parts)
        first = mentions[0]
        links = [
            (name, initiative.pk, pk)
            for name in vocabulary.LINKS
            for pk in split_ids(getattr(first, f"linked_{name}"))
        ]
        vocabulary.attach_link_rows([initiative], links, words)
        return initiative

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.object
        mentions = chronological(initiative.mentions.all())
        for mention in mentions:
            mention.citation = citation(mention)
        context.update(
            mentions=mentions,
            source_count=len({mention.source_id for mention in mentions}),
            latest=latest_mention(mentions),
            status_heading=status_heading(initiative, mentions),
            stale=is_stale(initiative, mentions, datetime.date.today()),
            parts=sorted(initiative.parts.all(), key=lambda part: (part.sort_key, part.pk)),
            funding=bool(
                initiative.funding_amount is not None
                or initiative.funding_granted_by
                or initiative.funding_period
                or initiative.funding_lines
            ),
        )
        return context
