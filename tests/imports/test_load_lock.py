"""Two loads at once, as two real processes: the second waits or stops with one clear line.

On SQLite the processes share a database file (the in-memory test database belongs to one
process); on PostgreSQL they share the test database, so that test runs only there.
"""

import fcntl
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from imports import fixtures

ROOT = Path(__file__).resolve().parents[2]
# What one load of the bundled fixtures gives (a second, concurrent load must add nothing).
_INITIATIVES = fixtures.read()["initiatives.json"]
COUNTS = {
    "initiatives_initiative": len(_INITIATIVES),
    "initiatives_mention": sum(len(row["mentions"]) for row in _INITIATIVES),
}


def manage(*args, database_url, **popen):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def finish(process, timeout=300):
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def run_two_loads(database_url):
    first = manage("load_catalogue", database_url=database_url)
    second = manage("load_catalogue", database_url=database_url)
    results = [finish(first), finish(second)]
    for code, _out, err in results:
        assert code == 0, err
        assert "Traceback" not in err and "database is locked" not in err, err
    outputs = [out.strip().splitlines()[-1] for _code, out, _err in results]
    # One load did the work; the other waited for it and found nothing left to change.
    assert sum(line.endswith("rows changed") for line in outputs) == 1, outputs
    assert outputs.count("load_catalogue: nothing changed") == 1, outputs
    return results


@pytest.fixture
def sqlite_file(tmp_path):
    path = tmp_path / "catalogue.sqlite3"
    url = f"sqlite:///{path}"
    code, _out, err = finish(manage("migrate", "--noinput", "-v0", database_url=url))
    assert code == 0, err
    return path, url


def test_two_loads_at_once_on_sqlite_load_once_and_never_lock_up(sqlite_file):
    path, url = sqlite_file
    run_two_loads(url)
    with sqlite3.connect(path) as db:
        for table, count in COUNTS.items():
            assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == count, table


def test_a_load_that_cannot_wait_stops_with_one_danish_line(sqlite_file):
    path, url = sqlite_file
    with open(f"{path}.load-lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another load is running
        code, out, err = finish(manage("load_catalogue", "--wait", "0.5", database_url=url))
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[-1].startswith("CommandError: load_catalogue: en anden indlæsning kører")
    assert "Traceback" not in err and len([ln for ln in lines if "Venter" not in ln]) == 1
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM initiatives_initiative").fetchone()[0] == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_loads_at_once_on_postgresql_load_once():
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL advisory lock is tested on PostgreSQL (DATABASE_URL)")
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    run_two_loads(url)
    with connection.cursor() as cursor:
        for table, count in COUNTS.items():
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            assert cursor.fetchone()[0] == count, table
