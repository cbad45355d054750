"""Settings for the catalogue, driven by environment variables with safe defaults.

See DESIGN.md "Environment": DATABASE_URL, DJANGO_DEBUG, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS,
DJANGO_CSRF_TRUSTED_ORIGINS, DJANGO_ADMIN_PATH, for HTTPS DJANGO_BEHIND_PROXY,
DJANGO_SECURE_SSL_REDIRECT, DJANGO_HSTS_SECONDS, DJANGO_HSTS_INCLUDE_SUBDOMAINS,
DJANGO_HSTS_PRELOAD, DJANGO_ADMIN_2FA for the admin's second factor, and for notes imported
from the admin DJANGO_NOTES_DIR and DJANGO_NOTE_UPLOAD_MAX_MB; for scale CACHE_URL,
DATABASE_REPLICA_URLS, DATABASE_POOL (+ _MIN_SIZE, _MAX_SIZE, _TIMEOUT) and DJANGO_PAGE_CACHE.
A bad value stops start-up with one line that says what to set. The security block at the end
(CSP, cookies, login lockout, two-factor login, logging) is kept in one piece.
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
    # PostgreSQL prepares the initiative page's one statement (catalogue.env.database); 0 behind
    # a pooler that cannot keep prepared statements (PgBouncer in transaction mode before 1.21).
    PREPARED_STATEMENTS = flag("DATABASE_PREPARED_STATEMENTS", default=True)
    DATABASES = {
        "default": database(
            os.environ.get("DATABASE_URL", ""), BASE_DIR, pool=POOL, prepared=PREPARED_STATEMENTS
        )
    }
    # Read replicas: public (anonymous) reads go to one of them, everything else to the primary.
    DATABASES.update(
        replicas(
            csv_list("DATABASE_REPLICA_URLS"), BASE_DIR, pool=POOL, prepared=PREPARED_STATEMENTS
        )
    )
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
    BEHIND_PROXY = flag("DJANGO_BEHIND_PROXY", default=False)
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = flag("DJANGO_SECURE_SSL_REDIRECT", default=False)
    SECURE_HSTS_SECONDS = integer("DJANGO_HSTS_SECONDS", default=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=False)
    SECURE_HSTS_PRELOAD = flag("DJANGO_HSTS_PRELOAD", default=False)
    # Staff sign in to the admin with a password and a TOTP code; only local development
    # (DJANGO_DEBUG=1, as `make run` sets) goes without one unless asked.
    ADMIN_2FA_REQUIRED = flag("DJANGO_ADMIN_2FA", default=not DEBUG)
    # Notes imported from the admin ("Indlæs notat"): the file and a [[note]] entry in this
    # folder's manifest.toml, so import_notes rebuilds with them. The default is the bundled
    # notes' folder; a deployment whose code is read-only points it at shared, kept storage.
    NOTES_DIR = Path(os.environ.get("DJANGO_NOTES_DIR") or BASE_DIR / "imports" / "sources")
    NOTE_UPLOAD_MAX_BYTES = integer("DJANGO_NOTE_UPLOAD_MAX_MB", default=20) * 1024 * 1024
except ConfigError as error:
    _fail(error)

INSTALLED_APPS = [
    # The admin site with optional two-factor login (catalogue.admin_site).
    "catalogue.apps.AdminConfig",
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
    # Security (issue 11): login lockout, one-time passwords, and the catalogue's own commands.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "catalogue",
]

MIDDLEWARE = [
    # Outermost: every response, error pages and static files included, carries a request id
    # and the security headers.
    "catalogue.middleware.RequestIdMiddleware",
    # Stores the pages PageCacheMiddleware marks, with every header the middleware below adds.
    "initiatives.cache.PageStoreMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public reads to a replica (when configured), for the page cache's check too.
    "catalogue.routers.PublicReadsMiddleware",
    # Before sessions, language and authentication: a cached page costs no database query.
    "initiatives.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "catalogue.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, so that a POST to a public page is a 405, not a 403.
    "catalogue.middleware.ReadOnlyPublicSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "catalogue.urls"  # its handler500 turns a database outage into a 503
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
            # {% url %} with reverse() remembered per process (catalogue.url_tag).
            "builtins": ["catalogue.url_tag"],
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


# ---------------------------------------------------------------------------------------------
# Security and reliability (issue 11). One block, so that merges keep it whole.
# ---------------------------------------------------------------------------------------------
from csp.constants import NONE, SELF  # noqa: E402

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Cookies: Secure in production, SameSite=Lax everywhere (the language cookie included).
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
# The admin's messages ride in the session rather than in a cookie of their own.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Content-Security-Policy, enforced on every response. The site has no inline script or style
# and uses no nonces (public pages are cached whole); everything comes from our own origin.
# `data:` images: the favicon is an empty data: URL. The admin needs nothing more (see README).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Login: django-axes locks out a username, and separately an address, after repeated failures;
# the admin site asks for a TOTP code as well when ADMIN_2FA_REQUIRED (catalogue.admin_site).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = 1  # hours; staff unlock earlier with `manage.py axes_reset_username NAME`
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "catalogue.admin_site.locked_out"
AXES_CLIENT_IP_CALLABLE = "catalogue.admin_site.client_ip"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Tværsektorielt katalog"

# Errors as JSON lines on stderr, each with the request id that the response also carries in
# X-Request-ID, so an operator can count them (catalogue.logs).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "catalogue.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "catalogue.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Django's request logger gives each 4xx/5xx; warnings (404s) are noise for counting.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
