"""Two app servers, one PostgreSQL, one Redis: a correction through one shows at once on both.

Runs two gunicorn processes (``TEST_SERVER_PORTS``, default 8131,8132) against the test
database with ``CACHE_URL`` set to Redis (``TEST_REDIS_URL``, default redis://127.0.0.1:6379/4).
An admin corrects a title through server A; the very next request to server B, which had the
old page cached, shows the correction, and neither server serves the old page again. Skipped on
SQLite (one file is one machine) and when Redis does not answer.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test.utils import override_settings

from catalogue.env import cache as cache_config
from catalogue.env import database_namespace
from initiatives.models import CatalogueVersion
from tests.builders import make_initiative, make_user
from tests.web.conftest import build_catalogue

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/4")
PORTS = [int(p) for p in os.environ.get("TEST_SERVER_PORTS", "8131,8132").split(",")]

pytestmark = pytest.mark.django_db(transaction=True)


def redis_answers():
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


@pytest.fixture
def servers():
    if connection.vendor != "postgresql":
        pytest.skip("two app servers share a PostgreSQL database; SQLite is one machine's file")
    if not redis_answers():
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_DEBUG="1",  # plain-HTTP cookies for the admin login below
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        CACHE_URL=REDIS_URL,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
    )
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "catalogue.wsgi",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        for port in PORTS
    ]
    try:
        for port in PORTS:
            wait_for(f"http://127.0.0.1:{port}/")
        yield [f"http://127.0.0.1:{port}" for port in PORTS]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def wait_for(url, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=10)
            return
        except (urllib.error.URLError, OSError):  # refused, reset or timed out while starting
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def get(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode()


def admin_session(base):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path, fields):
        page = opener.open(base + path, timeout=60).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(base + path, data=data, headers={"Referer": base + path})
        return opener.open(request, timeout=60)

    return post


def test_a_correction_through_one_server_shows_at_once_on_the_other(servers):
    a, b = servers
    catalogue = build_catalogue()
    editor = make_user("redaktoer", staff=True, is_superuser=True)
    # The servers run with production hashers, not the suite's fast MD5.
    editor.password = PBKDF2PasswordHasher().encode("pw", PBKDF2PasswordHasher().salt())
    editor.save()
    initiative = make_initiative(
        "Akutteam i Gladsaxe", regions=[catalogue.hovedstaden], mentioned=True
    )
    # As every load does, with the servers' cache: they may have seen the empty catalogue.
    namespace = database_namespace(connection.settings_dict)
    with override_settings(CACHES={"default": cache_config(REDIS_URL, namespace)}):
        CatalogueVersion.bump()
    detail = initiative.get_absolute_url()
    for base in (a, b):  # both servers have the old page and list cached
        assert "Akutteam i Gladsaxe" in get(base + detail)
        assert "Akutteam i Gladsaxe" in get(base + "/initiatives/")
    version = CatalogueVersion.current()

    post = admin_session(a)
    post("/admin/login/?next=/admin/", {"username": "redaktoer", "password": "pw"})
    saved = post(
        f"/admin/initiatives/initiative/{initiative.pk}/change/",
        {
            "title": "Akutteam i Gladsaxe (rettet)",
            "reason": "Titlen rettet efter regionens svar",
            "description": "",
            "status": initiative.status.pk,
            "status_as_of": "",
            "regions": catalogue.hovedstaden.pk,
            "parent": "",
            "funding_amount": "",
            "funding_granted_by": "",
            "funding_period": "",
            "funding_lines": "[]",
            "mentions-TOTAL_FORMS": "0",
            "mentions-INITIAL_FORMS": "0",
            "mentions-MIN_NUM_FORMS": "0",
            "mentions-MAX_NUM_FORMS": "1000",
            "_save": "Gem",
        },
    )
    page = saved.read().decode()
    assert saved.url.endswith("/admin/initiatives/initiative/"), re.findall(
        r'class="errorlist.*', page
    )
    assert CatalogueVersion.current() > version  # the save went through server A

    for _ in range(3):
        for base in (b, a):
            assert "Akutteam i Gladsaxe (rettet)" in get(base + detail)
            list_page = get(base + "/initiatives/")
            assert "Akutteam i Gladsaxe (rettet)" in list_page
            assert "Akutteam i Gladsaxe<" not in list_page
