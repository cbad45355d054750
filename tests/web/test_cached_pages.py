"""The WSGI layer in front of Django (catalogue.cached_pages), driven through the real WSGI app.

The test client bypasses ``catalogue.wsgi.application``; these tests call it with a WSGI environ
as gunicorn does and count the requests that reach Django.
"""

import io
import re
import sys

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, close_old_connections
from django.test import override_settings

import catalogue.wsgi
from catalogue.cached_pages import PeekRequest, known_address
from initiatives.cache import VERSION_KEY, is_anonymous, page_address, page_key, request_language
from initiatives.models import CatalogueVersion, Initiative

pytestmark = pytest.mark.django_db


def environ(path="/initiatives/", method="GET", query="", **extra):
    env = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "localhost",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    env.update(extra)
    return env


class Served:
    def __init__(self, status, headers, body, by_django):
        self.status, self.headers, self.body, self.by_django = status, headers, body, by_django

    def header(self, name):
        return dict((n.lower(), v) for n, v in self.headers).get(name.lower())

    def headers_but_request_id(self):
        return [(n, v) for n, v in self.headers if n.lower() != "x-request-id"]


@pytest.fixture
def wsgi(monkeypatch):
    """Call the project's WSGI application as a server would; note whether Django ran."""
    app = catalogue.wsgi.application
    django_app = app.django_app
    calls = []

    def counting_django(env, start_response):
        calls.append(env["PATH_INFO"])
        return django_app(env, start_response)

    monkeypatch.setattr(app, "django_app", counting_django)

    def call(*args, **kwargs):
        started = []
        before = len(calls)
        # As the test client does: the test's transaction outlives the request.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = app(environ(*args, **kwargs), lambda s, h, e=None: started.append((s, h)))
            body = b"".join(result)
            if hasattr(result, "close"):
                result.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        ((status, headers),) = started
        return Served(status, headers, body, by_django=len(calls) > before)

    return call


def test_a_hit_is_the_full_stack_response_with_a_new_request_id(wsgi, catalogue):
    first = wsgi()
    assert first.by_django and first.status == "200 OK"
    second = wsgi()
    assert not second.by_django
    assert second.status == first.status
    assert second.body == first.body
    assert second.headers_but_request_id() == first.headers_but_request_id()
    assert second.headers[-1][0] == first.headers[-1][0] == "X-Request-ID"
    assert re.fullmatch(r"[0-9a-f]{32}", second.header("X-Request-ID"))
    assert second.header("X-Request-ID") != first.header("X-Request-ID")
    # What the middleware outside the page cache adds is part of what is stored.
    for name in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "X-Frame-Options",
        "Content-Language",
        "Vary",
        "Content-Type",
        "Content-Length",
    ):
        assert second.header(name), name
    assert not any("public" in name.lower() for name, _value in second.headers)


def test_head_gets_the_headers_without_the_body(wsgi, catalogue):
    page = wsgi()
    head = wsgi(method="HEAD")
    assert not head.by_django and head.body == b""
    assert head.headers_but_request_id() == page.headers_but_request_id()
    assert head.header("Content-Length") == str(len(page.body))


def test_a_request_id_from_the_load_balancer_is_kept(wsgi, catalogue):
    wsgi()
    hit = wsgi(HTTP_X_REQUEST_ID="lb-1234abcd")
    assert not hit.by_django and hit.header("X-Request-ID") == "lb-1234abcd"
    assert wsgi(HTTP_X_REQUEST_ID="<bad>").header("X-Request-ID") != "<bad>"


def test_languages_and_queries_are_answered_like_the_middleware(wsgi, catalogue):
    english = wsgi(HTTP_COOKIE="django_language=en")
    assert b'lang="en"' in english.body
    assert wsgi(HTTP_COOKIE="django_language=en").body == english.body
    assert b'lang="da"' in wsgi().body
    filtered = wsgi(query="status=ongoing&region=hovedstaden")
    same = wsgi(query="region=hovedstaden&q=&status=ongoing")
    assert not same.by_django and same.body == filtered.body


def changed_title(catalogue):
    Initiative.objects.filter(pk=catalogue.readmissions.pk).update(title="Ændret titel")


def test_a_visitor_with_a_session_cookie_goes_to_django(wsgi, catalogue):
    wsgi()
    changed_title(catalogue)
    staff = wsgi(HTTP_COOKIE="sessionid=whatever")
    assert staff.by_django and "Ændret titel" in staff.body.decode()


def test_other_methods_go_to_django(wsgi, catalogue):
    wsgi()
    posted = wsgi(method="POST")
    assert posted.by_django and posted.status.startswith("405")


def test_nothing_is_answered_with_the_page_cache_off(wsgi, catalogue):
    wsgi()
    changed_title(catalogue)
    with override_settings(PAGE_CACHE=False):
        off = wsgi()
    assert off.by_django and "Ændret titel" in off.body.decode()


def test_a_version_bump_is_never_answered_stale(
    wsgi, catalogue, django_capture_on_commit_callbacks
):
    wsgi()
    changed_title(catalogue)
    with django_capture_on_commit_callbacks(execute=True):
        CatalogueVersion.bump()
    fresh = wsgi()
    assert fresh.by_django and "Ændret titel" in fresh.body.decode()
    again = wsgi()
    assert not again.by_django and again.body == fresh.body


def test_a_version_the_cache_lost_is_left_to_django(wsgi, catalogue):
    first = wsgi()
    cache.delete(VERSION_KEY)
    second = wsgi()
    assert second.by_django and second.body == first.body  # the middleware's hit
    assert cache.get(VERSION_KEY) is not None
    assert not wsgi().by_django


def test_an_unreachable_cache_is_no_error_page(wsgi, catalogue, monkeypatch):
    wsgi()

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache away")

    monkeypatch.setattr(cache, "get", unreachable)
    served = wsgi()
    assert served.by_django and served.status == "200 OK"


def test_hits_need_no_database(wsgi, catalogue, monkeypatch):
    first = wsgi()

    def database_away(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", database_away)
    hit = wsgi()
    assert not hit.by_django and hit.body == first.body


def test_a_refused_host_goes_to_django(wsgi, catalogue):
    wsgi()
    assert wsgi(HTTP_HOST="evil.example").status.startswith("400")


def test_plain_http_is_redirected_when_https_is_required(wsgi, catalogue):
    wsgi()
    with override_settings(SECURE_SSL_REDIRECT=True):
        # Left to SecurityMiddleware (which read the setting when the application started).
        assert wsgi().by_django


def test_staff_pages_and_errors_are_not_stored(wsgi, catalogue):
    assert wsgi("/initiatives/new-one/").status.startswith("404")
    assert wsgi("/initiatives/new-one/").by_django


@pytest.mark.parametrize(
    "extra",
    [
        {"PATH_INFO": "/initiatives/", "QUERY_STRING": "b=2&a=1&q=&a=0"},
        {"PATH_INFO": "/initiatives/ab\xc3\xa6c/", "QUERY_STRING": "q=genoptr%C3%A6ning"},
        {"SCRIPT_NAME": "/katalog", "PATH_INFO": "/initiatives/"},
        {"HTTP_HOST": "localhost:8000", "wsgi.url_scheme": "https"},
        {"HTTP_COOKIE": "django_language=en; other=1"},
        {"HTTP_COOKIE": "django_language=xx"},
        {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_HOST": "katalog.example"},
        {"CONTENT_TYPE": "text/plain; charset=latin-1", "QUERY_STRING": "q=%E6"},
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_HOST": "evil.example"},
    ],
)
@override_settings(
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    USE_X_FORWARDED_HOST=True,
    ALLOWED_HOSTS=["localhost", "katalog.example"],
)
def test_the_layer_computes_the_key_django_does(extra):
    env = environ(**extra)
    untouched = dict(env)
    worked_out = known_address(env)
    remembered = known_address(dict(env))
    assert env == untouched  # Django reads the same environ afterwards
    django = WSGIRequest(dict(env))
    try:
        expected = (request_language(django), page_address(django))
    except Exception:  # DisallowedHost: Django's 400
        expected = None
    assert worked_out == remembered == (expected if is_anonymous(django) else None)
    peek = PeekRequest(dict(env))
    if expected is not None:
        assert page_key(peek, 7, request_language(peek)) == page_key(django, 7, expected[0])


def test_remembered_addresses_follow_each_input():
    seen = {
        known_address(environ(**extra))
        for extra in (
            {},
            {"HTTP_HOST": "127.0.0.1"},
            {"wsgi.url_scheme": "https"},
            {"PATH_INFO": "/initiatives/x/"},
            {"QUERY_STRING": "a=1"},
            {"HTTP_COOKIE": "django_language=en"},
        )
    }
    assert len(seen) == 6
    with override_settings(FORCE_SCRIPT_NAME="/katalog"):  # a setting changed: worked out anew
        assert known_address(environ()) not in seen
