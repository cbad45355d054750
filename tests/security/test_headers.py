"""Every URL of the project, public and admin, answers with the security headers; cookies are
Secure and SameSite=Lax; public URLs answer only GET and HEAD.

The URLs are not listed by hand: the test walks the URL resolver, fills each pattern's
parameters with real objects (or a placeholder, which gives a 404 that must carry the headers
too) and checks that the path resolves back to the same pattern, so a URL added later is covered.
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from initiatives.models import Initiative, Organisation
from tests.builders import make_organisation

pytestmark = pytest.mark.django_db

CSP_REQUIRED = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
)


def _fill_regex(regex, values):
    """A regex pattern as a concrete path: named groups replaced by ``values[name]``."""
    out, i = [], 0
    while i < len(regex):
        if regex.startswith("(?P<", i):
            name = regex[i + 4 : regex.index(">", i)]
            depth, j = 0, i
            while True:
                if regex[j] == "\\":
                    j += 2
                    continue
                depth += {"(": 1, ")": -1}.get(regex[j], 0)
                j += 1
                if depth == 0:
                    break
            body = regex[regex.index(">", i) + 1 : j - 1]
            out.append(values(name, body))
            i = j
        else:
            out.append(regex[i])
            i += 1
    path = "".join(out).removesuffix("$").removesuffix("\\Z")
    return re.sub(r"\\(.)", r"\1", path)


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            yield from _patterns(entry, prefix + _raw(entry.pattern), inner.lstrip(":"))
        elif isinstance(entry, URLPattern):
            yield prefix + _raw(entry.pattern), namespace, entry


def _raw(pattern):
    route = getattr(pattern, "_route", None)
    if route is not None:  # path(): turn <conv:name> into a named group
        return re.sub(r"<(?:\w+:)?(\w+)>", r"(?P<\1>[^/]+)", route)
    return pattern._regex.removeprefix("^")


def _admin_model(url_name):
    """The model of an admin URL name such as ``otp_totp_totpdevice_config``."""
    from django.contrib import admin

    for model in admin.site._registry:
        if url_name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


def example_paths(catalogue, staff):
    """(path, namespace, url_name, pattern) for every URL pattern."""
    slugs = {
        "initiative-detail": catalogue.readmissions.slug,
        "organisation-detail": catalogue.herlev.slug,
        "region-detail": catalogue.hovedstaden.slug,
        "target-group-detail": catalogue.older.slug,
        "source-detail": catalogue.fu.slug,
    }
    for raw, namespace, entry in _patterns():
        name = entry.name or ""

        def value(group, body, name=name, namespace=namespace):
            if group == "slug":
                return slugs.get(name, "findes-ikke")
            if group == "app_label":
                return body.strip("()").split("|")[0]
            model = _admin_model(name) if namespace == "admin" else None
            if group in ("object_id", "pk") and model is not None:
                first = model._default_manager.order_by("pk").first()
                return str(first.pk) if first else "1"
            if group == "content_type_id":
                return str(ContentType.objects.get_for_model(Initiative).pk)
            if group == "object_id":
                return str(catalogue.readmissions.pk)
            if group == "id":
                return str(staff.pk)
            if group == "url":
                return "findes-ikke/"
            return "1"

        path = "/" + _fill_regex(raw, value)
        yield path, namespace, name, entry


@pytest.fixture
def walked(catalogue, staff_client):
    paths = list(example_paths(catalogue, staff_client.user))
    # Django's admin alone has dozens of URLs; fewer means the walk missed a branch.
    assert len(paths) > 40
    for path, _namespace, name, entry in paths:
        match = resolve(path.split("?")[0])
        assert match.func == entry.callback, f"{path} does not resolve to {name or entry}"
    return paths


def assert_security_headers(response, where):
    policy = response.headers.get("Content-Security-Policy", "")
    for directive in CSP_REQUIRED:
        assert directive in policy, f"{where}: CSP lacks {directive!r}: {policy!r}"
    assert "unsafe-inline" not in policy and "nonce-" not in policy, where
    assert "Content-Security-Policy-Report-Only" not in response.headers, where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("X-Frame-Options") == "DENY", where
    assert response.headers.get("Referrer-Policy") == "same-origin", where
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers.get("X-Request-ID", "")), where
    assert_cookies_hardened(response, where)


def assert_cookies_hardened(response, where):
    for morsel in response.cookies.values():
        if not morsel.value and morsel["max-age"] == 0:
            continue  # a deletion (sign-out) carries no value; Django sends it without Secure
        assert morsel["secure"], f"{where}: cookie {morsel.key} is not Secure"
        assert morsel["samesite"] == "Lax", f"{where}: cookie {morsel.key} is not SameSite=Lax"


INLINE = re.compile(
    r"<style|\sstyle=|\son[a-z]+=|javascript:|<script(?![^>]*\b(?:src=|type=\"application/json\"))",
    re.IGNORECASE,
)


def assert_no_inline_script_or_style(response, where):
    if "text/html" in response.get("Content-Type", "") and not response.streaming:
        found = INLINE.search(response.content.decode())
        assert found is None, f"{where}: inline {found.group()!r}"


def fetch(client, path):
    response = client.get(path, secure=True)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.fixture
def hsts(settings):
    """Production's HSTS settings, before any client loads its middleware."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True


def test_every_url_answers_with_the_security_headers_to_visitors_and_staff(
    hsts, walked, staff_client
):
    visitor = Client()
    statuses = {}
    for path, _namespace, name, _entry in walked:
        for who, client in (("visitor", visitor), ("staff", staff_client)):
            response = fetch(client, path)
            where = f"{who} GET {path} ({name}) → {response.status_code}"
            assert response.status_code < 500, where
            assert_security_headers(response, where)
            assert_no_inline_script_or_style(response, where)
            assert response.headers.get("Strict-Transport-Security") == (
                "max-age=31536000; includeSubDomains; preload"
            ), where
            statuses[(who, path)] = response.status_code
    # The walk reached real pages, not only 404s and login redirects.
    assert sum(code == 200 for (who, _), code in statuses.items() if who == "staff") > 30
    assert sum(code == 200 for (who, _), code in statuses.items() if who == "visitor") >= 10


def test_error_pages_and_static_files_carry_the_headers_too(
    client, catalogue, monkeypatch, settings
):
    from django.db import OperationalError

    settings.WHITENOISE_USE_FINDERS = True  # WhiteNoise serves static files without collectstatic

    from initiatives import views

    assert_security_headers(client.get("/findes-ikke/"), "404")
    static = client.get("/static/css/site.css")
    assert static.status_code == 200
    # WhiteNoise answers before the X-Frame-Options middleware; CSP frame-ancestors covers it.
    assert "default-src 'self'" in static["Content-Security-Policy"]
    assert static["X-Content-Type-Options"] == "nosniff" and static["X-Request-ID"]

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.SourceListView, "get_queryset", broken)
    response = Client(raise_request_exception=False).get("/sources/")
    assert response.status_code == 500
    assert_security_headers(response, "500")

    def away(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(views.SourceListView, "get_queryset", away)
    response = Client(raise_request_exception=False).get("/sources/")
    assert response.status_code == 503
    assert_security_headers(response, "503")


UNSAFE = ("post", "put", "patch", "delete", "options")


def test_every_public_url_answers_405_to_anything_but_get_and_head(walked, client):
    public = [
        (path, name) for path, ns, name, _ in walked if ns != "admin" and name != "set_language"
    ]
    assert len(public) >= 12
    for path, name in public:
        assert client.head(path).status_code < 500, path
        for method in UNSAFE:
            response = getattr(client, method)(path)
            where = f"{method.upper()} {path} ({name})"
            assert response.status_code == 405, f"{where} → {response.status_code}"
            assert response.headers["Allow"] == "GET, HEAD", where
            assert_security_headers(response, where)


def test_the_admin_and_the_language_switch_still_take_posts(client, staff_client, catalogue):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    # An organisation no initiative names may be deleted (one still named is merged instead).
    unused = make_organisation("Ubrugt Kommune")
    url = f"/admin/initiatives/organisation/{unused.pk}/delete/"
    assert staff_client.post(url, {"post": "yes"}).status_code == 302
    assert not Organisation.objects.filter(pk=unused.pk).exists()


def test_the_language_cookie_is_secure_samesite_lax_and_http_only(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["secure"] and cookie["samesite"] == "Lax" and cookie["httponly"]


def test_session_and_csrf_cookies_are_secure_and_samesite_lax(client, db, two_factor):
    from tests.security.conftest import current_code, login, make_admin

    page = client.get("/admin/login/")
    assert_cookies_hardened(page, "login page")
    assert "csrftoken" in page.cookies
    user = make_admin()
    response = login(client, user.username, code=current_code(user.totpdevice_set.get()))
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["samesite"] == "Lax" and session["httponly"]


def test_admin_messages_ride_in_the_session_not_in_a_cookie(staff_client, catalogue):
    unused = make_organisation("Ubrugt Kommune")
    url = f"/admin/initiatives/organisation/{unused.pk}/delete/"
    response = staff_client.post(url, {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "Ubrugt Kommune" in response.content.decode()  # the "deleted" message
    assert "messages" not in staff_client.cookies


def test_a_change_list_without_actions_has_no_inline_style(staff_client, catalogue, monkeypatch):
    from django.contrib import admin

    model_admin = admin.site._registry[Initiative]
    monkeypatch.setattr(model_admin, "actions_on_top", False)
    monkeypatch.setattr(model_admin, "actions_on_bottom", False)
    response = staff_client.get("/admin/initiatives/initiative/")
    assert response.status_code == 200
    assert_no_inline_script_or_style(response, "change list without actions")
    assert "css/admin-changelist-no-actions.css" in response.content.decode()


def test_the_walk_reaches_the_feed_and_the_news_page(walked, client):
    paths = {path for path, *_rest in walked}
    assert {"/initiatives/feed.atom", "/news/"} <= paths
    feed = client.get("/initiatives/feed.atom", secure=True)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    assert_security_headers(feed, "feed")
