"""The WSGI layer in front of Django that answers cached pages (``catalogue.wsgi`` wraps it).

A hit from the page cache (``initiatives.cache``) needs none of Django's request handling: no
request object, no signals, no middleware. ``CachedPagesLayer`` looks the page up the way
``PageCacheMiddleware`` does, with the same functions (anonymous GET/HEAD, the page cache on,
the version from the cache, the same key) and answers a hit with the stored entry: the status,
body and headers the whole stack gave the page when it was stored (``PageStoreMiddleware``), and
a new ``X-Request-ID`` (``catalogue.middleware.new_request_id``). HEAD gets the headers only.

Everything else goes to Django untouched: staff (a session cookie), other methods, the page
cache off, a version the cache does not hold (Django reads it from the database, or uses the
last one seen while the database is away), a host Django would refuse, plain HTTP where Django
redirects to HTTPS, a miss, an unreachable cache. The layer never reads the database.

Working out a request's address (scheme, host, path, normalised query) and language with
Django's request code costs more than the rest of a hit, so the layer does it once per
combination of the environ values that code reads (``ADDRESS_INPUTS``) and remembers the answer
(``known_address``; at most ``MEMO_SIZE`` of them, forgotten when a setting changes).
"""

from http.client import responses

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest, get_path_info, get_script_name
from django.core.signals import setting_changed

from catalogue.middleware import REQUEST_ID_HEADER, new_request_id
from initiatives.cache import (
    cached_version,
    is_anonymous,
    page_address,
    request_language,
    stored_page,
    versioned_key,
)

# Every environ value Django's request code reads to find the scheme, host, path, query and
# cookies (WSGIRequest, HttpRequest.scheme/get_host/get_port, get_script_name), and with them the
# header SECURE_PROXY_SSL_HEADER names: what a request's address, language and anonymity are a
# function of, as long as the settings stay (a setting changed in a test empties the memo).
ADDRESS_INPUTS = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "SCRIPT_NAME",
    "SCRIPT_URL",
    "REDIRECT_URL",
    "PATH_INFO",
    "QUERY_STRING",
    "CONTENT_TYPE",
    "HTTP_COOKIE",
)
MEMO_SIZE = 4096
_addresses = {}


def _forget_addresses(**kwargs):
    _addresses.clear()


setting_changed.connect(_forget_addresses)


class PeekRequest(WSGIRequest):
    """A ``WSGIRequest`` that leaves the environ as it is and opens no body stream.

    The path, query, cookies, scheme and host come from ``WSGIRequest``'s and ``HttpRequest``'s
    own code, so the key is the one the middleware computes; Django builds its own request
    from the untouched environ when the layer passes a request on.
    """

    def __init__(self, environ):
        script_name = get_script_name(environ)
        path_info = get_path_info(environ) or "/"
        self.environ = self.META = environ
        self.path_info = path_info
        self.path = f"{script_name.rstrip('/')}/{path_info.replace('/', '', 1)}"
        self.method = environ["REQUEST_METHOD"].upper()
        self._set_content_type_params(environ)  # the encoding of the query string
        self.resolver_match = None


class CachedPagesLayer:
    """Answer cached pages before Django; pass everything else to ``django_app``."""

    def __init__(self, django_app):
        self.django_app = django_app

    def __call__(self, environ, start_response):
        hit = self.lookup(environ) if environ.get("REQUEST_METHOD") in ("GET", "HEAD") else None
        if hit is None:
            return self.django_app(environ, start_response)
        content, status, headers = hit
        request_id = new_request_id(environ.get("HTTP_X_REQUEST_ID", ""))
        start_response(
            f"{status} {responses.get(status, 'Unknown Status Code')}",
            [*headers, (REQUEST_ID_HEADER, request_id)],
        )
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [content]

    @staticmethod
    def lookup(environ):
        """The stored entry for this request, or None when Django should answer it."""
        if not getattr(settings, "PAGE_CACHE", True):
            return None
        address = known_address(environ)
        if address is None:
            return None
        version = cached_version(quiet=True)  # the middleware logs an unreachable cache
        if version is None:
            return None
        return stored_page(versioned_key(version, *address))


def known_address(environ):
    """(language, address digest) for an anonymous request the cache may answer, else None.

    Worked out by Django's own request code (``PeekRequest``) once for each combination of the
    values it reads (``ADDRESS_INPUTS``), then remembered.
    """
    proxy_header = settings.SECURE_PROXY_SSL_HEADER
    inputs = tuple(environ.get(name) for name in ADDRESS_INPUTS)
    if proxy_header:
        inputs += (environ.get(proxy_header[0]),)
    try:
        return _addresses[inputs]
    except KeyError:
        pass
    request = PeekRequest(environ)
    address = None
    if is_anonymous(request):
        try:
            if not (settings.SECURE_SSL_REDIRECT and not request.is_secure()):
                address = (request_language(request), page_address(request))
        except Exception:  # a refused host, say: Django answers it (and reports it) itself
            address = None
    if len(_addresses) >= MEMO_SIZE:
        _addresses.clear()
    _addresses[inputs] = address
    return address
