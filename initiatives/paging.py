"""Page numbers for the list that cost the same on page 1 and page 50.

The result count comes from the facet counts (``initiatives.facets.total_and_count``), so paging
needs no COUNT query of its own, and a page is an ``OFFSET`` into an index-ordered scan. Paging
stops at ``MAX_PAGES`` (1,000 initiatives at 20 a page): nobody reads a list that deep, and an
offset of tens of thousands rows would cost every visitor. Past it the list asks the visitor to
narrow the search ("afgræns din søgning") instead; the links never lead there.
"""

from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext as _

PAGE_SIZE = 20
MAX_PAGES = 50
WINDOW = 2  # page links either side of the current one


@dataclass
class Paginator:
    count: int
    per_page: int = PAGE_SIZE

    @property
    def num_pages(self):
        return max(1, -(-self.count // self.per_page))

    @property
    def reachable_pages(self):
        return min(self.num_pages, MAX_PAGES)


@dataclass
class Page:
    number: int
    paginator: Paginator
    object_list: list = field(default_factory=list)

    @property
    def capped(self):
        """Past the last page the links reach: the list asks for a narrower search."""
        return self.number > MAX_PAGES

    @property
    def start_index(self):
        return (self.number - 1) * self.paginator.per_page + 1

    @property
    def has_previous(self):
        return 1 < self.number <= self.paginator.reachable_pages + 1

    @property
    def previous_page_number(self):
        return min(self.number, self.paginator.reachable_pages + 1) - 1

    @property
    def has_next(self):
        return self.number < self.paginator.reachable_pages

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def has_other_pages(self):
        return self.paginator.num_pages > 1

    @property
    def links(self):
        """Page numbers to link, None for a gap: 1 … 4 5 [6] 7 8 … 50."""
        last = self.paginator.reachable_pages
        shown = {1, last, *range(self.number - WINDOW, self.number + WINDOW + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= last)
        links, previous = [], 0
        for n in numbers:
            if n - previous > 1:
                links.append(None)
            links.append(n)
            previous = n
        return links


def page_number(raw):
    """The page asked for; a Danish 404 for anything but a whole number of 1 or more."""
    try:
        number = int(raw or 1)
    except (TypeError, ValueError):
        raise Http404(_("Siden findes ikke")) from None
    if number < 1:
        raise Http404(_("Siden findes ikke"))
    return number


def paginate(queryset, count, raw_number):
    """The page of ``queryset`` (whose length is ``count``) that ``raw_number`` asks for."""
    paginator = Paginator(count)
    number = page_number(raw_number)
    if number > paginator.num_pages:
        raise Http404(_("Siden findes ikke"))
    page = Page(number, paginator)
    if not page.capped and count:
        start = (number - 1) * PAGE_SIZE
        page.object_list = list(queryset[start : start + PAGE_SIZE])
    return page
