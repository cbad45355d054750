"""App configs: ``catalogue`` (the project's own commands) and the admin on our own site class."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CatalogueConfig(AppConfig):
    default = True
    name = "catalogue"
    verbose_name = "Tværsektorielt katalog"


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with ``catalogue.admin_site.CatalogueAdminSite`` as ``admin.site``."""

    default = False
    default_site = "catalogue.admin_site.CatalogueAdminSite"
