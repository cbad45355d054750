"""One load of the bundled catalogue into the test database, shared by the tests that read it.

``loaded_catalogue`` loads the reference data and the committed fixtures once per session, in a
transaction that stays open until the session ends and is then rolled back. Each test using it
runs in its own savepoint (pytest-django's ``db``), so a test may change rows: the change is
undone after the test, and the next test sees the catalogue as loaded.

Tests that use it run last (``pytest_collection_modifyitems``), after every test that needs an
empty database (including the browser tests, whose live server flushes the database), so that
the open transaction never meets them.
"""

import pytest
from django.db import transaction


@pytest.fixture(scope="session")
def _catalogue_load(django_db_setup, django_db_blocker):
    from imports.loader import load

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def loaded_catalogue(_catalogue_load, db):
    """The bundled catalogue in the database (loaded once; each test's changes are undone)."""


def pytest_collection_modifyitems(session, config, items):
    shared = [item for item in items if "loaded_catalogue" in getattr(item, "fixturenames", ())]
    if shared:
        rest = [item for item in items if item not in shared]
        items[:] = rest + shared
