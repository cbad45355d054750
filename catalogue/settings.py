"""Settings for the catalogue, driven by environment variables with safe defaults.

See DESIGN.md "Environment": DATABASE_URL, DJANGO_DEBUG, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS,
DJANGO_CSRF_TRUSTED_ORIGINS, DJANGO_ADMIN_PATH, and for HTTPS DJANGO_BEHIND_PROXY,
DJANGO_SECURE_SSL_REDIRECT, DJANGO_HSTS_SECONDS; for scale CACHE_URL, DATABASE_REPLICA_URLS,
DATABASE_POOL (+ _MIN_SIZE, _MAX_SIZE, _TIMEOUT) and DJANGO_PAGE_CACHE. A bad value stops start-up with one line that says
what to set.
"""

import os
import sys
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from catalogue.env import (
    ConfigError,
    cache,
    csv_list,
    database,
    database_namespace,
    flag,
    integer,
    pool_options,
    replicas,
)

BASE_DIR = Path(__file__).resolve().parent.parent


def _fail(error):
    # One clear line, no traceback: start-up stops here.
    sys.exit(f"Configuration error: {error}")


try:
    DEBUG = flag("DJANGO_DEBUG", default=False)
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
    if not SECRET_KEY:
        if not DEBUG:
            raise ConfigError(
                "DJANGO_SECRET_KEY is not set: set DJANGO_SECRET_KEY to a long random string "
                "(or DJANGO_DEBUG=1 for local development)."
            )
        SECRET_KEY = "django-insecure-dev-only-" + "x" * 40
    POOL = pool_options()
    DATABASES = {"default": database(os.environ.get("DATABASE_URL", ""), BASE_DIR, pool=POOL)}
    # Read replicas: public (anonymous) reads go to one of them, everything else to the primary.
    DATABASES.update(replicas(csv_list("DATABASE_REPLICA_URLS"), BASE_DIR, pool=POOL))
    REPLICA_DATABASES = [alias for alias in DATABASES if alias != "default"]
    CACHES = {
        "default": cache(
            os.environ.get("CACHE_URL", "").strip(), database_namespace(DATABASES["default"])
        )
    }
    # Whole pages for anonymous visitors (initiatives.cache); off only to measure rendering.
    PAGE_CACHE = flag("DJANGO_PAGE_CACHE", default=True)
    ALLOWED_HOSTS = csv_list(
        "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"]
    )
    CSRF_TRUSTED_ORIGINS = csv_list("DJANGO_CSRF_TRUSTED_ORIGINS")
    ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"
    # HTTPS in production: behind a load balancer that terminates TLS, trust its
    # X-Forwarded-Proto header, redirect plain HTTP and send HSTS.
    if flag("DJANGO_BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = flag("DJANGO_SECURE_SSL_REDIRECT", default=False)
    SECURE_HSTS_SECONDS = integer("DJANGO_HSTS_SECONDS", default=0)
except ConfigError as error:
    _fail(error)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "initiatives",
    "imports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public reads to a replica (when configured), for the page cache's check too.
    "catalogue.routers.PublicReadsMiddleware",
    # Before sessions, language and authentication: a cached page costs no database query.
    "initiatives.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "catalogue.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "catalogue.urls"
WSGI_APPLICATION = "catalogue.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files need collectstatic (production); debug serves files as they are.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or not flag("DJANGO_STATIC_MANIFEST", default=True)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DATABASE_ROUTERS = ["catalogue.routers.ReplicaRouter"]

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
