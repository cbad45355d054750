"""What changed: the Atom feed of a filtered list and the page "Nyt i kataloget"."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from initiatives import news, vocabulary
from initiatives.filters import ListQuery, listed, normalise_params
from initiatives.views.lists import current_version, export_query


def _feed_texts(query):
    """The feed's title and subtitle: "Nyt i kataloget · Region Hovedstaden · Status: …"."""
    title = " · ".join([_("Nyt i kataloget"), *query.filter_texts()])
    if not query.valid:
        subtitle = _("Ingen initiativer: ukendt filterværdi (%(values)s)") % {
            "values": query.refused_text()
        }
    elif query.filtered:
        subtitle = _("De senest tilføjede eller ændrede initiativer, der passer til filtrene.")
    else:
        subtitle = _("De senest tilføjede eller ændrede initiativer i kataloget.")
    return title, subtitle


def initiative_feed(request):
    """``/initiatives/feed.atom?<list parameters>``: the filtered list's latest changes, as Atom.

    One entry per initiative (the newest ``news.FEED_LIMIT``), dated by the load or correction
    that last added or changed it; its id names that change, so a reader shows a new change of
    the same initiative as a new entry. An unknown filter value gives a valid, empty feed saying
    which value.
    """
    params, _notices = normalise_params(request.GET)
    words = vocabulary.for_version(current_version())
    query = ListQuery.parse(params, words)
    entries = news.latest_initiatives(query.apply(listed())) if query.valid else []
    vocabulary.attach_links([entry.initiative for entry in entries], words)
    title, subtitle = _feed_texts(query)
    encoded = export_query(params)
    feed_url = request.build_absolute_uri(reverse("initiatives:initiative-feed") + encoded)
    feed = Atom1Feed(
        title=title,
        link=request.build_absolute_uri(reverse("initiatives:initiative-list") + encoded),
        description=subtitle,
        subtitle=subtitle,
        language=get_language(),
        feed_url=feed_url,
        feed_guid=feed_url,
        author_name=_("Tværsektorielt katalog"),
    )
    for entry in entries:
        link = request.build_absolute_uri(entry.initiative.get_absolute_url())
        feed.add_item(
            title=entry.initiative.title,
            link=link,
            description=render_to_string(
                "initiatives/feed_entry.html", {"entry": entry}, request=request
            ),
            unique_id=f"{link}#{entry.updated:%Y%m%dT%H%M%S%fZ}",
            updateddate=entry.updated,
            categories=[
                entry.initiative.status.display_label,
                *(region.name for region in entry.initiative.regions.all()),
            ],
        )
    response = HttpResponse(content_type=feed.content_type)
    feed.write(response, "utf-8")
    return response


class NewsView(TemplateView):
    """ "Nyt i kataloget": the latest loads and corrections, what each changed, with links."""

    template_name = "initiatives/news.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            changes=news.latest_changes(),
            limit=news.CHANGES_LIMIT,
            links_per_change=news.LINKS_PER_CHANGE,
        )
        return context
