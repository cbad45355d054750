"""Bad configuration stops start-up with one clear line saying what to set."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db.utils import ConnectionHandler

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


def readme_production_env():
    """The README's ```env block of production variables, less the placeholder secrets."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```env\n", 1)[1].split("```", 1)[0]
    pairs = (line.split("=", 1) for line in block.splitlines() if "=" in line)
    return {k: v for k, v in pairs if k not in ("DJANGO_SECRET_KEY", "DATABASE_URL")}


def run_manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


PRODUCTION_KEY = "k" + "3Xq9-vT7pLr2sW8yZ4nB6mD1fH5jK0cG" * 2


def test_check_deploy_passes_at_warning_level_with_the_readmes_production_variables():
    env = readme_production_env()
    assert env["DJANGO_HSTS_INCLUDE_SUBDOMAINS"] == "1" and env["DJANGO_HSTS_PRELOAD"] == "1"
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=PRODUCTION_KEY, **env
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "0 silenced" in result.stdout


def test_check_deploy_warns_without_hsts_subdomains_and_preload():
    env = {**readme_production_env(), "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "0"}
    env["DJANGO_HSTS_PRELOAD"] = "0"
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=PRODUCTION_KEY, **env
    )
    assert result.returncode != 0
    assert "security.W005" in result.stderr and "security.W021" in result.stderr


def print_setting(name, **env):
    code = f"from django.conf import settings; print(settings.{name})"
    result = run_manage("shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_two_factor_admin_login_is_on_in_production_and_off_for_local_development():
    assert print_setting("ADMIN_2FA_REQUIRED", DJANGO_SECRET_KEY=PRODUCTION_KEY) == "True"
    assert print_setting("ADMIN_2FA_REQUIRED", DJANGO_DEBUG="1") == "False"
    off = print_setting(
        "ADMIN_2FA_REQUIRED", DJANGO_SECRET_KEY=PRODUCTION_KEY, DJANGO_ADMIN_2FA="0"
    )
    assert off == "False"


def test_cookies_are_secure_in_production_and_samesite_lax():
    names = [
        f"{cookie}_COOKIE_{part}"
        for cookie in ("SESSION", "CSRF", "LANGUAGE")
        for part in ("SECURE", "SAMESITE")
    ]
    code = f"from django.conf import settings; print([getattr(settings, n) for n in {names!r}])"
    result = run_manage("shell", "--no-imports", "-c", code, DJANGO_SECRET_KEY=PRODUCTION_KEY)
    assert result.stdout.strip() == str([True, "Lax"] * 3)


def test_postgresql_connections_are_health_checked_so_workers_recover_without_restart(tmp_path):
    config = database("postgres://cat@db.example:5432/catalogue", tmp_path)
    assert config["CONN_HEALTH_CHECKS"] is True and config["CONN_MAX_AGE"] > 0


def test_sqlite_serves_readers_during_a_write_and_queues_writers(tmp_path):
    options = database("", tmp_path)["OPTIONS"]
    assert "journal_mode=WAL" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 10


def test_a_kept_sqlite_connection_outlives_a_request_and_reads_what_others_commit(
    tmp_path, django_db_blocker
):
    path = tmp_path / "kept.sqlite3"
    with sqlite3.connect(path) as writer:
        writer.execute("CREATE TABLE t (n INTEGER)")
        writer.execute("INSERT INTO t VALUES (1)")
    handler = ConnectionHandler({"default": database(f"sqlite:///{path}", tmp_path)})
    reader = handler["default"]
    with django_db_blocker.unblock():
        read_twice_across_a_request(reader, path)


def read_twice_across_a_request(reader, path):
    try:
        with reader.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM t")
            assert cursor.fetchone() == (1,)
        kept = reader.connection
        reader.close_if_unusable_or_obsolete()  # what the end of every request runs
        assert reader.connection is kept
        with sqlite3.connect(path) as writer:  # a load, in another process
            writer.execute("INSERT INTO t VALUES (2)")
        with reader.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM t")
            assert cursor.fetchone() == (2,)
        assert reader.connection is kept
    finally:
        reader.close()


def test_a_bad_hsts_preload_flag_names_the_variable():
    result = run_check(DJANGO_DEBUG="1", DJANGO_HSTS_PRELOAD="sometimes")
    assert result.returncode != 0
    assert "DJANGO_HSTS_PRELOAD" in result.stderr


def test_the_admin_path_stays_configurable_with_two_factor_login_and_read_only_public_urls(
    tmp_path,
):
    code = (
        "from django.test import Client\n"
        "c = Client(raise_request_exception=False)\n"
        "login = c.get('/staff-only/login/', secure=True)\n"
        "print(login.status_code, 'godkendelses-app' in login.content.decode())\n"
        "print(c.post('/staff-only/login/', {}, secure=True).status_code)\n"
        "print(c.get('/admin/login/', secure=True).status_code)\n"
        "print(c.post('/initiatives/', {}, secure=True).status_code)\n"
    )
    result = run_manage(
        "shell", "--no-imports", "-c", code,
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
        DJANGO_ADMIN_PATH="staff-only",
        DJANGO_STATIC_MANIFEST="0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "True", "200", "404", "405"]
