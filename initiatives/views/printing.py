"""The print view of a filtered list (``/initiatives/print/?<the list's parameters>``).

Every matching initiative up to ``PRINT_LIMIT`` (beyond it, the first ones and a polite
"afgræns"), with the filter sentence, the date and time of printing, the catalogue version and
absolute URLs, so a sheet of paper says what it shows, when, and where to find it again. Not
cached whole like the other pages: the time of printing is part of the page.
"""

from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from initiatives import vocabulary
from initiatives.views.lists import ListState, export_query

# More rows than a committee paper holds; a larger selection is better narrowed than printed.
PRINT_LIMIT = 2000


class InitiativePrintView(TemplateView):
    extra_context = {"nav": "initiatives"}
    template_name = "initiatives/initiative_print.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = ListState.read(self.request)
        # A search by relevance is ranked only down to the limit (``initiatives.ranking``).
        rows = vocabulary.attach_links(state.rows()[:PRINT_LIMIT], state.words)
        list_path = reverse("initiatives:initiative-list") + export_query(state.params)
        context.update(
            initiatives=rows,
            count=state.count,
            capped=state.count > PRINT_LIMIT,
            limit=PRINT_LIMIT,
            sentence=state.query.describe(state.count, state.total),
            notices=state.notices,
            invalid=bool(state.query.invalid),
            printed_at=timezone.localtime(),
            version=state.version,
            list_url=self.request.build_absolute_uri(list_path),
            site_root=self.request.build_absolute_uri("/").rstrip("/"),
        )
        return context
