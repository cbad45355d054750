"""Bad configuration stops start-up with one clear line saying what to set."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from catalogue.env import ConfigError, database

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_missing_secret_key_without_debug_stops_with_one_line():
    result = run_check()
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DJANGO_SECRET_KEY" in lines[0]


def test_an_unparseable_database_url_stops_with_one_line():
    result = run_check(DJANGO_DEBUG="1", DATABASE_URL="postgres://user@host:notaport/db")
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0
    assert len(lines) == 1
    assert "DATABASE_URL" in lines[0]


def test_an_unsupported_database_scheme_says_what_to_use():
    result = run_check(DJANGO_DEBUG="1", DATABASE_URL="mysql://root@localhost/x")
    assert result.returncode != 0
    assert "postgres://" in result.stderr


def test_debug_without_a_secret_key_starts():
    result = run_check(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_a_bad_debug_flag_is_refused():
    result = run_check(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_database_url_selects_postgresql_through_psycopg(tmp_path):
    config = database("postgres://cat:s%40cret@db.example:5433/catalogue", tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("catalogue", "cat", "s@cret")
    assert (config["HOST"], config["PORT"]) == ("db.example", "5433")


def test_no_database_url_means_an_sqlite_file_in_the_project(tmp_path):
    assert database("", tmp_path)["NAME"] == tmp_path / "db.sqlite3"


@pytest.mark.parametrize("url", ["postgres:///", "sqlite://", "postgres://host"])
def test_incomplete_database_urls_are_refused(url, tmp_path):
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        database(url, tmp_path)


def test_a_negative_hsts_value_is_refused_with_the_variable_named():
    result = run_check(DJANGO_DEBUG="1", DJANGO_HSTS_SECONDS="-5")
    assert result.returncode != 0
    assert "DJANGO_HSTS_SECONDS" in result.stderr
