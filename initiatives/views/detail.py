"""An initiative's page, and the redirect of a merged initiative's (or organisation's) old URL."""

import datetime

from django.http import Http404, HttpResponsePermanentRedirect
from django.views.generic import DetailView

from initiatives import vocabulary
from initiatives.formatting import (
    chronological,
    citation,
    is_stale,
    latest_mention,
    status_heading,
)
from initiatives.models import Initiative, InitiativeRedirect
from initiatives.views.lists import current_version


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

    def get_queryset(self):
        return Initiative.objects.public().for_detail()

    def get_object(self, queryset=None):
        initiative = super().get_object(queryset)
        vocabulary.attach_links([initiative], vocabulary.for_version(current_version()))
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
