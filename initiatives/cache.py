"""Whole-page caching for anonymous visitors (DESIGN.md, "Caching").

A page is cached under the catalogue's data version, the language, the path and the normalised
query string (parameters sorted, empty ones dropped). Every load and every admin correction bumps
``CatalogueVersion``, so the next request misses and nothing stale is served. Signed-in users
(staff) neither read nor fill the cache: they may see more than the public, such as import
warnings. Only complete 200 responses to GET/HEAD are stored; streamed ones (exports) never are.
"""

import functools
import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

from initiatives.models import CatalogueVersion

KEY_PREFIX = "catalogue-page"
TIMEOUT = 60 * 60 * 24


def normalised_query(querydict):
    """The query string with parameters sorted and empty values removed."""
    pairs = sorted((k, v) for k, values in querydict.lists() for v in values if v.strip())
    return urlencode(pairs)


def page_key(request, version=None):
    version = CatalogueVersion.current() if version is None else version
    raw = f"{request.path}?{normalised_query(request.GET)}"
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{KEY_PREFIX}:{version}:{get_language()}:{digest}"


def _cacheable(request):
    user = getattr(request, "user", None)
    return request.method in ("GET", "HEAD") and not (user and user.is_authenticated)


def cache_public_page(view):
    """Serve anonymous GETs of ``view`` from the cache, keyed by the catalogue version."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        hit = cache.get(key)
        if hit is not None:
            content, status, headers = hit
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.streaming:
            headers = [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() in ("content-type", "content-language")
            ]
            cache.set(key, (response.content, response.status_code, headers), TIMEOUT)
        return response

    return wrapper
