"""The list of initiatives, and what the other pages share with it: the catalogue version as the
cache knows it, the first rows of a browse page, the query string of the exports."""

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from initiatives import facets, paging, ranking, vocabulary
from initiatives.cache import catalogue_version
from initiatives.facets import clear_url, query_string, toggle_url
from initiatives.filters import SORT_RELEVANCE, ListQuery, normalise_params
from initiatives.models import CatalogueVersion

# Browse pages (an organisation's, a region's, a target group's initiatives) show this many rows
# by title and link to the filterable list for the rest: a kommune in 20,000 initiatives must not
# make a 20,000-row page.
BROWSE_LIMIT = 50


def current_version():
    """The catalogue version from the cache, else from the database (which may then fail)."""
    version = catalogue_version()
    return CatalogueVersion.current() if version is None else version


def first_rows(queryset, limit=BROWSE_LIMIT, *, ordered=False):
    """The first ``limit`` initiatives by title (or in ``queryset``'s own order when
    ``ordered``), with their links, in a constant number of queries."""
    words = vocabulary.for_version(current_version())
    rows = queryset.for_page()
    if not ordered:
        rows = rows.by_title()
    return vocabulary.attach_links(rows[:limit], words)


def export_query(params):
    encoded = query_string(params, page=None, more=None)
    return "" if encoded == "?" else encoded


@dataclass
class ListState:
    """What the list and its print view read from a request: the normalised parameters, the
    parsed filters, the facet counts and how many initiatives match of how many in all."""

    params: QueryDict
    notices: list
    version: int
    words: object
    query: ListQuery
    counts: dict
    total: int
    count: int

    @classmethod
    def read(cls, request):
        params, notices = normalise_params(request.GET)
        version = current_version()
        words = vocabulary.for_version(version)
        query = ListQuery.parse(params, words)
        counts = facets.count_all(query, words)
        total, count = facets.total_and_count(query, counts, words)
        return cls(params, notices, version, words, query, counts, total, count)

    def results(self):
        """The matching initiatives in the chosen order."""
        return self.query.results(self.count / self.total if self.total else 0.0)

    def rows(self):
        """What the list's pages slice their rows from: for a search by relevance its ranked ids
        (``initiatives.ranking``, ranked once per combination), else the ordered queryset."""
        if self.query.valid and self.query.sort_key == SORT_RELEVANCE:
            return ranking.RankedRows(self.query, self.words)
        return self.results().for_page()


class InitiativeListView(TemplateView):
    """The list: filters, facets, sort and a page of initiatives in a fixed number of queries."""

    extra_context = {"nav": "initiatives"}
    template_name = "initiatives/initiative_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = ListState.read(self.request)
        params, query, words = state.params, state.query, state.words
        page = paging.paginate(state.rows(), state.count, params.get("page"))
        vocabulary.attach_links(page.object_list, words)
        counts, count, total = state.counts, state.count, state.total
        context.update(
            params=params,
            notices=state.notices,
            page_obj=page,
            paginator=page.paginator,
            object_list=page.object_list,
            max_rows=paging.MAX_PAGES * paging.PAGE_SIZE,
            facets=facets.build_facets(query, counts, words),
            sentence=query.describe(count, total),
            active=[
                {
                    **group,
                    "values": [
                        {"label": label, "remove_url": toggle_url(params, group["name"], value)}
                        for value, label in group["values"]
                    ],
                }
                for group in query.active_filters()
            ],
            invalid=[
                {**bad, "remove_url": toggle_url(params, bad["name"], bad["value"])}
                for bad in query.invalid
            ],
            chosen_count=sum(
                len(group["values"]) for group in query.active_filters() if group["name"] != "q"
            ),
            clear_url=clear_url(params),
            sort_key=query.sort_key,
            sort_options=self.sort_options(query),
            search_text=query.q,
            hidden_params=[
                (k, v) for k, vs in params.lists() if k not in ("q", "page") for v in vs if v
            ],
            export_query=export_query(params),
        )
        return context

    def sort_options(self, query):
        options = [("title", _("Titel")), ("-date", _("Nyeste omtale"))]
        if query.q:
            options.insert(0, ("relevance", _("Relevans")))
        return options
