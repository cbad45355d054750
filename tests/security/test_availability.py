"""Serving through a database outage: a Danish 503 page with Retry-After (never a 500), /healthz,
and errors logged as JSON lines with the request id the response carries."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from catalogue.availability import is_database_outage

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def refuse(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def assert_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"].isdigit() and int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Kataloget er midlertidigt utilgængeligt" in page
    assert "OperationalError" not in page and "server closed" not in page


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/initiatives/",
        "/initiatives/faerre-genindlaeggelser/",
        "/sources/",
        "/initiatives/export.json",
        "/initiatives/export.csv",
        "/organisations/",
    ],
)
def test_a_page_that_needs_the_database_while_it_is_away_gets_a_danish_503(
    catalogue, visitor, path
):
    with connection.execute_wrapper(refuse):
        response = visitor.get(path)
    assert_unavailable(response)


def test_an_error_raised_while_the_template_renders_is_a_503_too(catalogue, visitor, monkeypatch):
    from initiatives import views

    # The view returns an unevaluated queryset; the query runs inside the template.
    monkeypatch.setattr(
        views.OrganisationListView,
        "get_context_data",
        lambda self, **kw: {
            "organisations": self.object_list,
            "kinds": self.object_list,
            "include_empty": False,
        },
    )
    with connection.execute_wrapper(refuse):
        response = visitor.get("/organisations/")
    assert_unavailable(response)


def test_an_error_in_middleware_reading_the_session_is_a_503(catalogue, visitor, django_user_model):
    visitor.force_login(django_user_model.objects.create_user("redaktoer", password="x"))
    with connection.execute_wrapper(refuse):
        response = visitor.get("/initiatives/")
    assert_unavailable(response)


def test_other_errors_stay_a_500(catalogue, visitor, monkeypatch):
    from initiatives import views

    def broken(*args, **kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr(views.SourceListView, "get_queryset", broken)
    response = visitor.get("/sources/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_is_database_outage_follows_the_chain_of_causes():
    try:
        try:
            raise InterfaceError("connection already closed")
        except InterfaceError as inner:
            raise RuntimeError("while rendering") from inner
    except RuntimeError as outer:
        assert is_database_outage(outer)
    assert not is_database_outage(ValueError("no"))


def test_healthz_answers_200_with_the_database_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_with_the_database_away(client):
    with connection.execute_wrapper(refuse):
        response = client.get("/healthz")
    assert response.status_code == 503 and response["Retry-After"].isdigit()


def test_the_response_carries_a_request_id_and_keeps_a_sane_incoming_one(client):
    generated = client.get("/healthz")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234abcd")["X-Request-ID"] == "lb-1234abcd"
    hostile = client.get("/healthz", HTTP_X_REQUEST_ID="<script>\n")["X-Request-ID"]
    assert hostile != "<script>\n" and len(hostile) == 32


def run_against_missing_database(code):
    """Python ``code`` in a fresh process whose DATABASE_URL points where nothing listens."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="catalogue.settings",
        DJANGO_SECRET_KEY="tests-only-not-a-secret",
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL="postgres://postgres@127.0.0.1:5449/nothing_listens_here?connect_timeout=2",
    )
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_real_unreachable_postgresql_gives_503_pages_and_json_error_lines():
    result = run_against_missing_database(
        "from django.test import Client\n"
        "c = Client(raise_request_exception=False)\n"
        "for path in ('/healthz', '/initiatives/', '/'):\n"
        "    r = c.get(path, secure=True)\n"
        "    print(path, r.status_code, r.get('Retry-After'), r['X-Request-ID'])\n"
    )
    assert result.returncode == 0, result.stderr
    answers = [line.split() for line in result.stdout.splitlines()]
    assert [(path, status) for path, status, *_ in answers] == [
        ("/healthz", "503"),
        ("/initiatives/", "503"),
        ("/", "503"),
    ]
    assert all(retry.isdigit() for _, _, retry, _ in answers)
    logged = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    unavailable = [entry for entry in logged if entry.get("status") == 503]
    # One line per 503; the pages' lines name the error (healthz just answers).
    assert [entry["path"] for entry in unavailable] == ["/healthz", "/initiatives/", "/"]
    ids = [request_id for _, _, _, request_id in answers]
    assert [entry["request_id"] for entry in unavailable] == ids
    for entry in unavailable[1:]:
        assert entry["error"] == "OperationalError" and entry["level"] == "ERROR"
