"""The reference data files (reference/) are consistent with each other and with the facts."""

import csv
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from imports.gazetteer import Gazetteer
from imports.text import slugify_da

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "reference"


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.load(REFERENCE_DIR)


def read_csv(name):
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_there_are_98_kommuner_in_five_regions_29_17_22_19_11(gazetteer):
    kommuner = [o for o in gazetteer.organisations() if o.kind == "municipality" and o.code]
    assert len(kommuner) == 98
    assert Counter(o.region for o in kommuner) == {
        "hovedstaden": 29,
        "sjaelland": 17,
        "syddanmark": 22,
        "midtjylland": 19,
        "nordjylland": 11,
    }


def test_kommuner_have_unique_three_digit_codes_and_official_names(gazetteer):
    kommuner = {o.slug: o for o in gazetteer.organisations() if o.kind == "municipality" and o.code}
    codes = [o.code for o in kommuner.values()]
    assert len(set(codes)) == 98
    assert all(len(code) == 3 and code.isdigit() for code in codes)
    assert kommuner["koebenhavns-kommune"].name == "Københavns Kommune"
    assert kommuner["koebenhavns-kommune"].code == "101"
    assert kommuner["bornholms-regionskommune"].code == "400"


def test_organisation_slugs_are_unique_and_slug_shaped(gazetteer):
    slugs = [o.slug for o in gazetteer.organisations()]
    assert len(slugs) == len(set(slugs))
    assert all(slug == slugify_da(slug) for slug in slugs)


def test_no_alias_is_shared_by_two_organisations(gazetteer):
    owners = {}
    clashes = []
    for org in gazetteer.organisations():
        for alias in {org.name, *org.aliases}:
            key = alias if alias.isupper() else alias.lower()
            if owners.setdefault(key, org.slug) != org.slug:
                clashes.append((alias, owners[key], org.slug))
    assert clashes == []
    assert gazetteer.alias_conflicts == []


def test_every_organisation_has_a_known_kind_and_region(gazetteer):
    kinds = {"hospital", "psychiatry", "municipality", "general_practice", "region", "research"}
    for org in gazetteer.organisations():
        assert org.kind in kinds | {"other"}, org
        assert org.region is None or org.region in gazetteer.region_names, org
        assert org.parent is None or gazetteer.is_known(org.parent), org


def test_hospital_kinds_are_mapped_from_hospitals_csv(gazetteer):
    expected = {
        "somatisk hospital": "hospital",
        "hospitalsenhed": "hospital",
        "psykiatri": "psychiatry",
        "forskning": "research",
    }
    for row in read_csv("hospitals.csv"):
        org = gazetteer.organisation(slugify_da(row["name"]))
        assert org.kind == expected.get(row["kind"], "other"), row["name"]


def test_psychiatric_centres_of_region_hovedstaden_sit_under_its_psychiatry(gazetteer):
    centre = gazetteer.organisation("psykiatrisk-center-ballerup")
    assert centre.kind == "psychiatry"
    assert centre.parent == "region-hovedstadens-psykiatri"


def test_general_practice_per_region_and_the_national_plo(gazetteer):
    for region in gazetteer.region_names:
        org = gazetteer.organisation(f"almen-praksis-{region}")
        assert org.kind == "general_practice" and org.region == region and org.is_group
    assert gazetteer.organisation("plo").region is None


def test_there_are_22_clusters_in_the_five_regions(gazetteer):
    clusters = gazetteer.clusters()
    assert len(clusters) == 22
    assert Counter(c.region for c in clusters) == {
        "hovedstaden": 5,
        "midtjylland": 5,
        "nordjylland": 4,
        "sjaelland": 4,
        "syddanmark": 4,
    }
    midt = {c.slug for c in clusters if c.region == "midtjylland"}
    assert {"midtklyngen", "randersklyngen"} <= midt
    assert all(c.kind == "planomraade" for c in clusters if c.region == "hovedstaden")
    assert all(c.kind == "sundhedsklynge" for c in clusters if c.region != "hovedstaden")


def test_every_clusters_hospital_and_kommuner_exist_in_its_region(gazetteer):
    for cluster in gazetteer.clusters():
        hospital = gazetteer.organisation(cluster.hospital)
        assert hospital is not None and hospital.kind == "hospital", cluster.slug
        assert hospital.region == cluster.region, cluster.slug
        for slug in cluster.municipalities:
            kommune = gazetteer.organisation(slug)
            assert kommune is not None and kommune.kind == "municipality", slug
            assert kommune.region == cluster.region, (cluster.slug, slug)


def test_every_kommune_is_in_exactly_one_cluster_except_koebenhavn_in_two(gazetteer):
    counts = Counter(slug for c in gazetteer.clusters() for slug in c.municipalities)
    kommuner = {o.slug for o in gazetteer.organisations() if o.kind == "municipality" and o.code}
    assert set(counts) == kommuner
    assert counts.pop("koebenhavns-kommune") == 2
    assert set(counts.values()) == {1}


def test_cluster_slugs_and_aliases_are_unique_within_a_region(gazetteer):
    for region in gazetteer.region_names:
        clusters = [c for c in gazetteer.clusters() if c.region == region]
        names = [n.lower() for c in clusters for n in (c.name, *c.aliases)]
        assert len(names) == len(set(names)), region
        assert len({c.slug for c in clusters}) == len(clusters)


def test_clusters_toml_has_the_documented_keys_only():
    data = tomllib.loads((REFERENCE_DIR / "clusters.toml").read_text(encoding="utf-8"))
    keys = {"region", "slug", "name", "kind", "hospital", "municipalities", "aliases", "uncertain"}
    for entry in data["cluster"]:
        assert set(entry) <= keys
        assert set(entry) >= keys - {"uncertain"}


def test_cluster_members_are_the_hospital_then_the_kommuner(gazetteer):
    assert gazetteer.cluster_members("midtjylland", "midtklyngen") == [
        "hospitalsenhed-midt",
        "viborg-kommune",
        "skive-kommune",
        "silkeborg-kommune",
    ]
    assert gazetteer.cluster_members("hovedstaden", "midtklyngen") == []
    assert "koebenhavns-kommune" in gazetteer.cluster_members("hovedstaden", "planomraade-syd")


def test_region_and_cluster_notes_name_what_is_uncertain(gazetteer):
    midt = gazetteer.cluster("hovedstaden", "planomraade-midt")
    assert "Rudersdal" in midt.uncertain
    assert all(c.uncertain for c in gazetteer.clusters() if c.region == "sjaelland")


def test_load_is_cached_per_directory():
    assert Gazetteer.load(REFERENCE_DIR) is Gazetteer.load(REFERENCE_DIR)
