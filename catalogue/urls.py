"""The catalogue's URL map: the public site and the admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("", include("initiatives.urls")),
]
