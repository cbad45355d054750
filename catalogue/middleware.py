"""The catalogue's own middleware: request ids, the read-only public site, and the language.

- ``RequestIdMiddleware`` gives each request an id (kept for log records, sent back in
  ``X-Request-ID``), so an error a visitor reports can be found in the JSON logs. Cached pages
  answered in front of Django (catalogue.cached_pages) get theirs from ``new_request_id`` too.
- ``ReadOnlyPublicSiteMiddleware``: every public URL answers only GET and HEAD; anything else is
  405 Method Not Allowed. The admin and Django's own ``set_language`` are the exceptions.
- ``LanguageMiddleware``: Danish unless the visitor chose English with the language switch.
"""

import re
import uuid

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.utils import translation
from django.utils.cache import patch_vary_headers

from catalogue.logs import request_id

REQUEST_ID_HEADER = "X-Request-ID"
# An id from the load balancer is kept when it looks like one; anything else is replaced.
_INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def new_request_id(incoming):
    """The id for a request that came with ``incoming`` in X-Request-ID ("" when it had none)."""
    return incoming if _INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        value = new_request_id(request.headers.get(REQUEST_ID_HEADER, ""))
        request.request_id = value
        token = request_id.set(value)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response.headers[REQUEST_ID_HEADER] = value
        return response


SAFE_METHODS = ("GET", "HEAD")
# URL names and namespaces that take other methods: the admin (forms) and the language switch.
WRITABLE_NAMESPACES = {"admin"}
WRITABLE_URL_NAMES = {"set_language"}


class ReadOnlyPublicSiteMiddleware:
    """405 for any method but GET and HEAD on every URL outside the admin and set_language.

    Deciding here rather than per view means a public page added later is read-only too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS:
            return None
        match = request.resolver_match
        if match is not None and (
            WRITABLE_NAMESPACES.intersection(match.namespaces)
            or match.url_name in WRITABLE_URL_NAMES
        ):
            return None
        response = HttpResponseNotAllowed(
            SAFE_METHODS,
            content="Metoden er ikke tilladt: kataloget kan kun læses (GET).\n",
            content_type="text/plain; charset=utf-8",
        )
        return response


class LanguageMiddleware:
    """Danish unless the visitor chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language header, so most visitors
    with an English-language browser would get English. The catalogue speaks Danish by default
    (DESIGN.md); English is a choice, remembered in the language cookie that ``set_language``
    sets.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
