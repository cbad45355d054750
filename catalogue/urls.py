"""The catalogue's URL map: the public site, language switching, the admin and /healthz."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from catalogue.availability import healthz
from initiatives.admin_editorial import change_log_view

urlpatterns = [
    # The language form sits on whole-page-cached anonymous pages, which must not embed a
    # per-visitor CSRF token; switching language only sets a cookie, so it needs no CSRF check.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # The editors' change log sits in the admin, behind the admin's own login (staff only).
    path(
        f"{settings.ADMIN_PATH}changes/",
        admin.site.admin_view(change_log_view),
        name="admin-change-log",
    ),
    path("healthz", healthz, name="healthz"),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("", include("initiatives.urls")),
]

# A database outage becomes a 503 with Retry-After; any other error stays a 500.
handler500 = "catalogue.availability.server_error"
