"""Shared test configuration: every test starts with an empty cache and vocabulary."""

import pytest
from django.core.cache import cache

from initiatives import vocabulary


@pytest.fixture(autouse=True)
def _fresh_caches():
    # Tests change rows without bumping the catalogue version; nothing may carry over.
    cache.clear()
    vocabulary.forget()
    yield
    cache.clear()
    vocabulary.forget()
