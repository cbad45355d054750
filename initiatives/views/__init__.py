"""The public pages (DESIGN.md, "Web"). Views stay thin: queries live in QuerySet methods,
filters in ``initiatives.filters``, facet counts in ``initiatives.facets``.

One module per kind of page: ``overview``, ``lists`` (the list and what it shares with the other
lists), ``detail`` (an initiative), ``browse`` (organisations, regions, target groups,
collaboration models), ``sources`` (the notes and their text), ``exports``, ``printing`` (the
print view of a list) and ``news`` (the Atom feed and "Nyt i kataloget").
"""

from initiatives.views.browse import (
    CollaborationModelDetailView,
    CollaborationModelListView,
    OrganisationDetailView,
    OrganisationListView,
    RegionDetailView,
    TargetGroupDetailView,
)
from initiatives.views.detail import InitiativeDetailView
from initiatives.views.exports import export_csv, export_json, export_xlsx
from initiatives.views.lists import InitiativeListView
from initiatives.views.news import NewsView, initiative_feed
from initiatives.views.overview import OverviewView, region_tiles
from initiatives.views.printing import InitiativePrintView
from initiatives.views.sources import (
    SourceDetailView,
    SourceListView,
    SourceTextView,
    source_download,
)

__all__ = [
    "CollaborationModelDetailView",
    "CollaborationModelListView",
    "InitiativeDetailView",
    "InitiativeListView",
    "InitiativePrintView",
    "NewsView",
    "OrganisationDetailView",
    "OrganisationListView",
    "OverviewView",
    "RegionDetailView",
    "SourceDetailView",
    "SourceListView",
    "SourceTextView",
    "TargetGroupDetailView",
    "export_csv",
    "export_json",
    "export_xlsx",
    "initiative_feed",
    "region_tiles",
    "source_download",
]
