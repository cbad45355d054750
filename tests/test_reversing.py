"""``cached_reverse`` answers what ``reverse`` answers, under every script prefix and language."""

from django.urls import reverse, set_script_prefix
from django.utils import translation

from catalogue.reversing import cached_reverse


def test_it_answers_what_reverse_answers_and_follows_the_script_prefix():
    plain = cached_reverse("initiatives:initiative-detail", "et-initiativ")
    assert plain == reverse("initiatives:initiative-detail", args=["et-initiativ"])
    try:
        set_script_prefix("/katalog/")
        assert cached_reverse("initiatives:initiative-detail", "et-initiativ") == (
            "/katalog" + plain
        )
    finally:
        set_script_prefix("/")
    assert cached_reverse("initiatives:initiative-detail", "et-initiativ") == plain


def test_each_slug_and_language_gets_its_own_answer():
    with translation.override("en"):
        english = cached_reverse("initiatives:region-detail", "hovedstaden")
    with translation.override("da"):
        danish = cached_reverse("initiatives:region-detail", "hovedstaden")
        other = cached_reverse("initiatives:region-detail", "sjaelland")
    assert english == danish == reverse("initiatives:region-detail", args=["hovedstaden"])
    assert other == reverse("initiatives:region-detail", args=["sjaelland"])
