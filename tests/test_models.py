"""The data model's guarantees: natural keys and constraints."""

import pytest
from django.db import IntegrityError, transaction

from initiatives.models import Initiative, Mention, Organisation, Region, Status
from initiatives.vocabulary import link_rows
from tests.builders import (
    make_initiative,
    make_mention,
    make_organisation,
    make_region,
    make_source,
)

pytestmark = pytest.mark.django_db


def test_a_duplicate_mention_locator_in_one_source_is_refused():
    source = make_source()
    make_mention(source=source, locator="Tabel 1, række 6")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_mention(source=source, locator="Tabel 1, række 6")


def test_the_same_locator_in_two_sources_is_two_mentions():
    make_mention(source=make_source(), locator="Tabel 1, række 6")
    make_mention(source=make_source(), locator="Tabel 1, række 6")
    assert Mention.objects.count() == 2


def test_natural_keys_find_the_same_rows():
    region = make_region("hovedstaden", "Region Hovedstaden")
    org = make_organisation("Gladsaxe Kommune", region=region)
    mention = make_mention(locator="Eksempel 4")
    assert Region.objects.get_by_natural_key(*region.natural_key()) == region
    assert Organisation.objects.get_by_natural_key(*org.natural_key()) == org
    assert Mention.objects.get_by_natural_key(*mention.natural_key()) == mention
    assert Status.objects.get_by_natural_key("ongoing").label == "Igangværende"
    assert Initiative.objects.get_by_natural_key(mention.initiative.slug) == mention.initiative


def test_admin_corrections_are_recorded_once_and_only_for_correctable_fields():
    initiative = make_initiative()
    initiative.mark_corrected("title", "slug", "title", "partners")
    assert initiative.corrected_fields == ["partners", "title"]


def test_any_of_finds_the_rows_of_a_list_of_ids_on_either_database():
    region = make_region("hovedstaden", "Region Hovedstaden")
    a, b, c = (make_initiative(f"Initiativ {n}", regions=[region]) for n in "abc")
    found = Initiative.objects.filter(pk__any_of=[a.pk, c.pk, None, a.pk]).order_by("pk")
    assert list(found) == [a, c]
    assert list(Initiative.objects.filter(pk__any_of=[])) == []
    # On a foreign key too (the link tables' initiative_id).
    links = Initiative.regions.through.objects.filter(initiative_id__any_of=[b.pk, c.pk])
    assert sorted(links.values_list("initiative_id", flat=True)) == [b.pk, c.pk]


def test_link_rows_are_every_link_of_the_initiatives_asked_for():
    region = make_region("hovedstaden", "Region Hovedstaden")
    kommune = make_organisation("Gladsaxe Kommune", region=region)
    hospital = make_organisation("Herlev Hospital", kind="hospital", region=region)
    a = make_initiative("A", regions=[region], partners=[kommune, hospital])
    b = make_initiative("B", partners=[kommune])
    make_initiative("C", regions=[region], partners=[hospital])
    assert sorted(link_rows([a.pk, b.pk, a.pk])) == sorted(
        [
            ("regions", a.pk, region.pk),
            ("partners", a.pk, kommune.pk),
            ("partners", a.pk, hospital.pk),
            ("partners", b.pk, kommune.pk),
        ]
    )
    assert link_rows([]) == []
