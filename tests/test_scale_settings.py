"""CACHE_URL, DATABASE_POOL and DATABASE_REPLICA_URLS: parsed, refused clearly, and working."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from catalogue.env import ConfigError, cache, pool_options, replicas

ROOT = Path(__file__).resolve().parent.parent


def test_no_cache_url_means_local_memory():
    assert cache("")["BACKEND"].endswith("LocMemCache")


def test_a_redis_cache_url_selects_djangos_redis_backend():
    config = cache("redis://127.0.0.1:6379/4")
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert config["LOCATION"] == "redis://127.0.0.1:6379/4"


def test_two_databases_sharing_one_redis_use_different_key_prefixes(tmp_path):
    from catalogue.env import database, database_namespace

    one = database_namespace(database("postgres://u@db:5432/katalog", tmp_path))
    other = database_namespace(database("postgres://u@db:5432/test_katalog", tmp_path))
    assert cache("redis://r/0", one)["KEY_PREFIX"] != cache("redis://r/0", other)["KEY_PREFIX"]


def test_dummy_and_locmem_cache_urls():
    assert cache("dummy://")["BACKEND"].endswith("DummyCache")
    assert cache("locmem://pages")["LOCATION"] == "pages"


def test_an_unknown_cache_url_names_the_variable_and_what_to_use():
    with pytest.raises(ConfigError, match=r"CACHE_URL='memcached://x'.*redis://"):
        cache("memcached://x")


def test_postgresql_connections_start_no_parallel_workers_unless_the_url_says(tmp_path):
    from catalogue.env import database

    plain = database("postgres://u@db.example/catalogue", tmp_path)
    assert plain["OPTIONS"]["options"] == "-c max_parallel_workers_per_gather=0"
    chosen = database(
        "postgres://u@db.example/catalogue?options=-c%20max_parallel_workers_per_gather%3D2",
        tmp_path,
    )
    assert chosen["OPTIONS"]["options"] == "-c max_parallel_workers_per_gather=2"


def test_postgresql_may_prepare_statements_unless_turned_off(tmp_path):
    from catalogue.env import database

    assert database("postgres://u@db/katalog", tmp_path)["OPTIONS"]["prepare_threshold"] == 5
    off = database("postgres://u@db/katalog", tmp_path, prepared=False)
    assert off["OPTIONS"]["prepare_threshold"] is None
    (entry,) = replicas(["postgres://u@replica/katalog"], tmp_path, prepared=False).values()
    assert entry["OPTIONS"]["prepare_threshold"] is None


def test_pooling_is_off_unless_asked_for():
    assert pool_options({}) is None
    assert pool_options({"DATABASE_POOL": "1"}) == {"min_size": 2, "max_size": 4, "timeout": 10}


def test_a_pool_smaller_than_its_minimum_is_refused():
    env = {"DATABASE_POOL": "1", "DATABASE_POOL_MIN_SIZE": "5", "DATABASE_POOL_MAX_SIZE": "2"}
    with pytest.raises(ConfigError, match="DATABASE_POOL_MAX_SIZE"):
        pool_options(env)


def test_replica_urls_become_replica_aliases_with_the_pool(tmp_path):
    entries = replicas(
        ["postgres://u@replica-a:5432/katalog", "postgres://u@replica-b/katalog"],
        tmp_path,
        pool={"min_size": 1, "max_size": 2},
    )
    assert list(entries) == ["replica1", "replica2"]
    assert entries["replica2"]["HOST"] == "replica-b"
    assert entries["replica1"]["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 2}
    assert entries["replica1"]["CONN_MAX_AGE"] == 0  # Django refuses persistent + pooled


def test_a_bad_replica_url_says_which_one(tmp_path):
    with pytest.raises(ConfigError, match="DATABASE_REPLICA_URLS, replica 2"):
        replicas(["postgres://u@a/k", "ftp://nowhere"], tmp_path)


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


def test_a_bad_cache_url_stops_start_up_with_one_line():
    result = run_manage("check", DJANGO_DEBUG="1", CACHE_URL="memcached://x")
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert "CACHE_URL" in result.stderr


@pytest.mark.django_db
def test_the_pool_serves_queries_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("connection pooling is a PostgreSQL feature")
    db = connection.settings_dict  # the test database, which exists while the test runs
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    script = (
        "from django.db import connection; "
        "print(type(connection.pool).__name__, connection.pool.max_size); "
        "cursor = connection.cursor(); cursor.execute('SELECT 1'); print(cursor.fetchone()[0])"
    )
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        script,
        DJANGO_DEBUG="1",
        DATABASE_URL=url,
        DATABASE_POOL="1",
        DATABASE_POOL_MAX_SIZE="3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ConnectionPool", "3", "1"]


@pytest.mark.django_db
def test_the_postgresql_connection_runs_queries_without_parallel_workers():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
