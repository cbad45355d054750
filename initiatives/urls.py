"""Public URLs of the catalogue (DESIGN.md, Web). Pages marked ``public_page`` are cached whole
for anonymous visitors by ``initiatives.cache.PageCacheMiddleware``; exports are streamed."""

from django.urls import path

from initiatives import views
from initiatives.cache import public_page

app_name = "initiatives"
urlpatterns = [
    path("", public_page(views.OverviewView.as_view()), name="overview"),
    path(
        "initiatives/",
        public_page(views.InitiativeListView.as_view()),
        name="initiative-list",
    ),
    path("initiatives/print/", views.InitiativePrintView.as_view(), name="initiative-print"),
    path("initiatives/export.csv", views.export_csv, name="initiative-export-csv"),
    path("initiatives/export.json", views.export_json, name="initiative-export-json"),
    path("initiatives/export.xlsx", views.export_xlsx, name="initiative-export-xlsx"),
    path(
        "initiatives/feed.atom",
        public_page(views.initiative_feed),
        name="initiative-feed",
    ),
    path(
        "initiatives/<slug:slug>/",
        public_page(views.InitiativeDetailView.as_view()),
        name="initiative-detail",
    ),
    path(
        "organisations/",
        public_page(views.OrganisationListView.as_view()),
        name="organisation-list",
    ),
    path(
        "organisations/<slug:slug>/",
        public_page(views.OrganisationDetailView.as_view()),
        name="organisation-detail",
    ),
    path(
        "regions/<slug:slug>/",
        public_page(views.RegionDetailView.as_view()),
        name="region-detail",
    ),
    path(
        "target-groups/<slug:slug>/",
        public_page(views.TargetGroupDetailView.as_view()),
        name="target-group-detail",
    ),
    path(
        "models/",
        public_page(views.CollaborationModelListView.as_view()),
        name="model-list",
    ),
    path(
        "models/<slug:slug>/",
        public_page(views.CollaborationModelDetailView.as_view()),
        name="model-detail",
    ),
    path("news/", public_page(views.NewsView.as_view()), name="news"),
    path("sources/", public_page(views.SourceListView.as_view()), name="source-list"),
    path(
        "sources/<slug:slug>/",
        public_page(views.SourceDetailView.as_view()),
        name="source-detail",
    ),
    path(
        "sources/<slug:slug>/text/",
        public_page(views.SourceTextView.as_view()),
        name="source-text",
    ),
    path("sources/<slug:slug>/download/", views.source_download, name="source-download"),
]
