"""Two ``load_catalogue`` at once both succeed and leave the catalogue one load leaves, on SQLite
(a file of its own) and on PostgreSQL (the suite's test database) when the suite runs there."""

import pytest
from django.db import connection

from initiatives.models import Initiative, Mention
from tests.security.conftest import start_manage


def run_together(database_url, *commands):
    processes = [start_manage(database_url, *command) for command in commands]
    errors = [p.communicate(timeout=180)[1] for p in processes]
    return [(p.returncode, err) for p, err in zip(processes, errors, strict=True)]


def url_of_test_database():
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user = settings["USER"] or "postgres"
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        port = f":{settings['PORT']}" if settings["PORT"] else ""
        return f"postgres://{user}{password}@{settings['HOST']}{port}/{settings['NAME']}"
    return None


def test_two_loads_at_once_on_sqlite_both_succeed(tmp_path):
    url = f"sqlite:///{tmp_path / 'twice.sqlite3'}"
    [(code, err)] = run_together(url, ["migrate", "--noinput"])
    assert code == 0, err
    results = run_together(url, ["load_catalogue"], ["load_catalogue"])
    assert [code for code, _ in results] == [0, 0], results


@pytest.mark.django_db(transaction=True)
def test_two_loads_at_once_on_postgresql_queue_instead_of_colliding():
    url = url_of_test_database()
    if url is None:
        pytest.skip("runs when the suite runs on PostgreSQL (DATABASE_URL=postgres://…)")
    results = run_together(url, ["load_catalogue"], ["load_catalogue"])
    assert [code for code, _ in results] == [0, 0], results
    assert Initiative.objects.count() > 100 and Mention.objects.count() > 100
