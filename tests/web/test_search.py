"""Danish full-text search: the same cases pass on SQLite (FTS5) and PostgreSQL (tsvector).

Run the suite with DATABASE_URL=postgres://… to exercise PostgreSQL.
"""

import pytest
from django.db import connection

from initiatives import search
from initiatives.models import Initiative
from tests.builders import make_initiative, make_organisation, make_target_group

pytestmark = pytest.mark.django_db


def found(q):
    return sorted(i.title for i in search.filter_search(Initiative.objects.all(), q))


def ranked(q):
    qs = search.ranked(Initiative.objects.all(), q)
    return [i.title for i in qs.order_by("-search_rank", "title")]


def test_search_runs_on_the_configured_backend():
    assert connection.vendor in {"sqlite", "postgresql"}


def test_a_singular_finds_the_plural(catalogue):
    assert found("genindlæggelse") == ["Færre genindlæggelser af ældre"]


def test_kommune_finds_kommunerne(db):
    make_initiative("Fælles akutteam", description="Et samarbejde med kommunerne.")
    make_initiative("Hospitalets eget team", description="Et tilbud på hospitalet.")
    search.rebuild_index()
    assert found("kommune") == ["Fælles akutteam"]


def test_partner_names_are_searched(catalogue):
    assert found("Gladsaxe") == ["Færre genindlæggelser af ældre", "Udgående psykiatrisk team"]


def test_target_groups_are_searched(catalogue):
    assert found("psykisk sygdom") == ["Udgående psykiatrisk team"]


def test_every_word_must_match(catalogue):
    assert found("ældre hjemmebesøg") == ["Færre genindlæggelser af ældre"]
    assert found("ældre familier") == []


def test_danish_letters_are_not_folded(db):
    make_initiative("Rådgivning i hjemmet")
    make_initiative("Radgivning uden bolle-å")
    make_initiative("Bøger til børn")
    search.rebuild_index()
    assert found("rådgivning") == ["Rådgivning i hjemmet"]
    assert found("radgivning") == ["Radgivning uden bolle-å"]
    assert found("boger") == []
    assert found("bøger") == ["Bøger til børn"]


def test_case_does_not_matter(catalogue):
    assert found("GENINDLÆGGELSER") == ["Færre genindlæggelser af ældre"]


def test_a_title_hit_ranks_above_a_description_hit(db):
    make_initiative("Noget helt andet", description="Et tilbud om genoptræning efter indlæggelse.")
    make_initiative("Genoptræning i kommunen", description="Et tilbud til borgere.")
    search.rebuild_index()
    assert ranked("genoptræning") == ["Genoptræning i kommunen", "Noget helt andet"]


def test_target_group_hits_rank_above_description_hits(db):
    make_initiative("Projekt A", description="Borgere med demens får besøg.")
    make_initiative("Projekt B", target_groups=[make_target_group("demens", "Demens")])
    search.rebuild_index()
    assert ranked("demens") == ["Projekt B", "Projekt A"]


def test_a_query_of_only_stop_words_finds_nothing(catalogue):
    assert found("og i det") == []
    assert found("!!!") == []


def test_punctuation_and_quotes_in_a_query_are_harmless(catalogue):
    assert found('"genindlæggelse" OR ( NEAR') == []
    assert found('genindlæggelse"') == ["Færre genindlæggelser af ældre"]


def test_rebuild_index_for_some_ids_updates_only_those(db):
    first = make_initiative("Første projekt")
    second = make_initiative("Andet projekt")
    search.rebuild_index()
    Initiative.objects.filter(pk=first.pk).update(title="Telemedicin")
    Initiative.objects.filter(pk=second.pk).update(title="Hjemmebehandling")
    assert search.rebuild_index([first.pk]) == 1
    assert found("telemedicin") == ["Telemedicin"]
    assert found("hjemmebehandling") == []


def test_a_renamed_partner_is_found_after_a_rebuild(db):
    partner = make_organisation("Hvidovre Kommune")
    make_initiative("Akutteam", partners=[partner])
    search.rebuild_index()
    assert found("hvidovre") == ["Akutteam"]


def test_search_terms_are_danish_stems_without_stop_words():
    assert search.search_terms("Genindlæggelser i kommunerne") == ["genindlæg", "kommun"]


def test_saving_an_initiative_in_the_admin_reindexes_it(client, db):
    from tests.builders import make_user

    initiative = make_initiative("Gammel titel")
    search.rebuild_index()
    client.force_login(make_user(staff=True, is_superuser=True))
    response = client.post(
        f"/admin/initiatives/initiative/{initiative.pk}/change/",
        {
            "title": "Telemedicinsk hjemmemonitorering",
            "description": "",
            "status": initiative.status.pk,
            "status_as_of": "",
            "funding_amount": "",
            "funding_granted_by": "",
            "funding_period": "",
            "funding_lines": "[]",
            "parent": "",
            "mentions-TOTAL_FORMS": "0",
            "mentions-INITIAL_FORMS": "0",
            "mentions-MIN_NUM_FORMS": "0",
            "mentions-MAX_NUM_FORMS": "1000",
            "_save": "Gem",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found("telemedicinsk") == ["Telemedicinsk hjemmemonitorering"]
    assert found("gammel") == []
