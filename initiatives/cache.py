"""Whole-page caching for anonymous visitors, looked up before anything touches the database.

A page is cached under the catalogue's data version, the language, the path and the normalised
query string (parameters sorted, empty ones dropped). The version lives in the cache too
(``catalogue_version()``), so a cached page costs one cache read for the version and one for the
page: no database round trip, no session, no authentication.

``PageCacheMiddleware`` sits before the session, language and authentication middleware. A
request is anonymous when it carries no session cookie (staff sign in and get one; the public
never does), so the middleware knows without reading a session. Only responses that a view
marked with ``public_page`` are stored, only complete 200 responses to GET/HEAD that set no
cookie; streamed responses (exports) never are. Staff never read or fill the cache.

A page is stored whole: body, status and the headers the entire middleware stack gave it (the
security headers and CSP included), all but ``X-Request-ID``, which is new for every request.
``PageCacheMiddleware`` decides that a response may be stored (it alone knows the key and the
replica the page was read from) and ``PageStoreMiddleware``, the outermost but for the request
id, writes it once the outer middleware has added its headers. So a stored entry is exactly
the response the full stack sends, and ``catalogue.cached_pages`` (the WSGI layer in front of
Django) answers a hit with it without running Django at all; the middleware answers the hits
that reach it (the test client, a version read from the database) the same way.

The version in the cache:

- ``CatalogueVersion.bump()`` (every load, every admin save) deletes the cached version at once
  and writes the new one when its transaction commits. A request in between reads the version
  from the database, which still shows the old data under the old number, so a page is never
  stored under a version whose data it does not show.
- When the key is missing (evicted, a restarted Redis) the version is read from the database and
  put back with ``cache.add`` (never over a newer one a commit just wrote).
- It expires after ``VERSION_TTL`` seconds, so even a bump whose cache write failed (the cache
  unreachable at that moment) is seen within that time by every app server.
- While the database is away, a missing version falls back to the last one this process saw, so
  cached pages keep being served; a request that misses then reaches the view, which needs the
  database and fails there (the 503 page).
"""

import functools
import hashlib
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse

logger = logging.getLogger(__name__)

# "-v2": entries hold the final headers (PageStoreMiddleware). Entries under the old prefix held
# only those of the middleware after the cache and must never be answered from in front of Django.
KEY_PREFIX = "catalogue-page-v2"
VERSION_KEY = "catalogue-version"
VERSION_TTL = 60
TIMEOUT = 60 * 60 * 24
# Headers a cached page does not keep: cookies are never stored, the request id is per request.
SKIPPED_HEADERS = {"set-cookie", "x-request-id"}

_last_seen_version = None


def normalised_query(querydict):
    """The query string with parameters sorted and empty values removed."""
    pairs = sorted((k, v) for k, values in querydict.lists() for v in values if v.strip())
    return urlencode(pairs)


def _read_version_from_database():
    from initiatives.models import CatalogueVersion

    # Always the primary: a lagging replica would hand out an old version.
    return CatalogueVersion.current(using="default")


def cached_version(quiet=False):
    """The version the cache holds, or None when it has none or cannot be reached.

    Never reads the database. ``quiet``: an unreachable cache is not logged (the caller falls
    back to a path that logs it).
    """
    global _last_seen_version
    try:
        version = cache.get(VERSION_KEY)
    except Exception:  # an unreachable cache is a miss, never an error page
        if not quiet:
            logger.warning(
                "page cache unreachable while reading the catalogue version", exc_info=True
            )
        return None
    if version is not None:
        _last_seen_version = version
    return version


def catalogue_version():
    """The catalogue's data version, from the cache when it has it (see the module docstring)."""
    global _last_seen_version
    version = cached_version()
    if version is None:
        try:
            version = _read_version_from_database()
        except DatabaseError:
            return _last_seen_version
        _safe(cache.add, VERSION_KEY, version, VERSION_TTL)
        _last_seen_version = version
    return version


def version_changing():
    """Called by ``CatalogueVersion.bump()`` before its transaction commits."""
    _safe(cache.delete, VERSION_KEY)


def version_changed(version):
    """Called by ``CatalogueVersion.bump()`` once the new version is committed."""
    _safe(cache.set, VERSION_KEY, version, VERSION_TTL)


def _safe(operation, *args):
    try:
        operation(*args)
    except Exception:
        logger.warning("page cache unreachable: %s failed", operation.__name__, exc_info=True)


def page_address(request):
    """A digest of the address asked: scheme, host, path and normalised query."""
    # The scheme and host too: the feed holds absolute URLs, which must name the address asked.
    raw = f"{request.scheme}://{request.get_host()}{request.path}?{normalised_query(request.GET)}"
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def versioned_key(version, language, address):
    return f"{KEY_PREFIX}:{version}:{language}:{address}"


def page_key(request, version, language):
    return versioned_key(version, language, page_address(request))


def request_language(request):
    """The language a page is rendered in: the chosen one (cookie), else Danish."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else "da"


def is_anonymous(request):
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def public_page(view):
    """Mark ``view``'s responses as the same for every anonymous visitor, so they may be cached."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.public_page = True
        return response

    return wrapper


def stored_page(key):
    """The entry (content, status, headers) stored under ``key``, or None."""
    try:
        return cache.get(key)
    except Exception:  # unreachable: a miss
        return None


def may_use_cache(request):
    """Whether ``request`` may be answered from, and its response stored in, the page cache."""
    return (
        getattr(settings, "PAGE_CACHE", True)
        and request.method in ("GET", "HEAD")
        and is_anonymous(request)
    )


class PageCacheMiddleware:
    """Serve anonymous pages marked ``public_page``; mark those to store (see the docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_use_cache(request):
            return self.get_response(request)
        version = catalogue_version()
        if version is None:
            return self.get_response(request)
        key = page_key(request, version, request_language(request))
        hit = stored_page(key)
        if hit is not None:
            content, status, headers = hit
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            return response
        response = self.get_response(request)
        if self._storable(response, version):
            # Written by PageStoreMiddleware once the outer middleware has added its headers.
            response.page_cache_key = key
        return response

    @staticmethod
    def _storable(response, version):
        return (
            getattr(response, "public_page", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and _rendered_from_current_data(version)
        )


def _rendered_from_current_data(version):
    # A page read from a lagging replica is served but not stored (catalogue.routers).
    from catalogue.routers import current_replica, replica_is_current

    if current_replica() is None:
        return True
    try:
        return replica_is_current(version)
    except DatabaseError:
        return False


class PageStoreMiddleware:
    """Store the pages ``PageCacheMiddleware`` marked, with every header but the request id.

    Listed right after ``RequestIdMiddleware`` and before every middleware that adds a header,
    so that what it stores is what a visitor receives (see the module docstring).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(response, "page_cache_key", None)
        if key is not None and not response.cookies:
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in SKIPPED_HEADERS
            ]
            _safe(cache.set, key, (response.content, response.status_code, headers), TIMEOUT)
        return response
