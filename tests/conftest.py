"""Shared test configuration: the bundled catalogue built once per session.

Building the catalogue from the five bundled notes (read, normalise, link) is pure and takes a
few seconds, so tests that only read it share one build (``bundled_catalogue``) and its
mentions by (source, locator) (``bundled_mentions``). Tests that only read the loaded database
share one load (``loaded_catalogue``, see ``tests/catalogue_db.py``). Every test starts with an
empty cache and vocabulary.
"""

import pytest
from django.core.cache import cache

from imports.manifest import load_manifest
from imports.pipeline import build_catalogue
from initiatives import vocabulary

pytest_plugins = ["tests.catalogue_db", "tests.browser"]


@pytest.fixture(scope="session")
def bundled_catalogue():
    """The Catalogue of the bundled notes (do not change it: other tests share it)."""
    return build_catalogue([(meta, None) for meta in load_manifest()])


@pytest.fixture(scope="session")
def bundled_mentions(bundled_catalogue):
    """Every mention of the bundled catalogue by (source slug, locator)."""
    return {m.key: m for i in bundled_catalogue.initiatives for m in i.mentions}


@pytest.fixture(autouse=True)
def _fresh_caches():
    # Tests change rows without bumping the catalogue version; nothing may carry over.
    cache.clear()
    vocabulary.forget()
    yield
    cache.clear()
    vocabulary.forget()
