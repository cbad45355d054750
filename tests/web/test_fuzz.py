"""Random query strings never make the list or the exports fail with a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives.search import rebuild_index
from tests.web.conftest import build_catalogue

pytestmark = pytest.mark.django_db

KEYS = st.sampled_from(
    ["q", "region", "organisation", "kind", "target_group", "status", "source", "sort", "page"]
)
KNOWN = st.sampled_from(
    ["hovedstaden", "aarhus-kommune", "hospital", "boern-og-unge", "ongoing", "rh-notat-2019"]
)
VALUES = st.one_of(
    KNOWN,
    st.text(max_size=40),
    st.text(alphabet="æøåÆØÅ\"'()*:-^~<>&%;#?=\\\x00 ", max_size=20),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.just("x" * 5000),
)
PARAMS = st.lists(st.tuples(st.one_of(KEYS, st.text(max_size=10)), VALUES), max_size=6)
RAW = st.text(alphabet=st.characters(codec="ascii"), max_size=80)
PATHS = st.sampled_from(
    [
        "/initiatives/",
        "/initiatives/export.json",
        "/initiatives/export.csv",
        "/initiatives/export.xlsx",
        "/",
    ]
)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def data(db):
    build_catalogue()
    rebuild_index()


def consume(response):
    if response.streaming:
        b"".join(response.streaming_content)
    else:
        response.content  # noqa: B018


@FUZZ
@given(path=PATHS, params=PARAMS)
def test_random_parameters_never_give_a_server_error(client, data, path, params):
    response = client.get(path, params)
    consume(response)
    assert response.status_code < 500


@FUZZ
@given(path=PATHS, raw=RAW)
def test_random_raw_query_strings_never_give_a_server_error(client, data, path, raw):
    response = client.get(path, QUERY_STRING=raw)
    consume(response)
    assert response.status_code < 500
