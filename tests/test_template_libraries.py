"""The project's ``{% url %}`` (``catalogue.url_tag``) and ``{% translate %}``
(``catalogue.translate_tag``) render what Django's own tags render, in every language."""

import uuid
from unittest import mock

import pytest
from django.template import Context, engines
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from catalogue import reversing
from catalogue.translate_tag import ConstantTranslateNode


def template(source):
    return engines["django"].from_string(source).template


def render(source_or_template, autoescape=True, **context):
    compiled = (
        template(source_or_template) if isinstance(source_or_template, str) else source_or_template
    )
    return compiled.render(Context(context, autoescape=autoescape))


def test_translate_follows_the_language_of_each_render():
    page = template('{% load i18n %}{% translate "Initiativer" %}')
    assert isinstance(page.nodelist[-1], ConstantTranslateNode)
    with translation.override("da"):
        assert render(page) == "Initiativer"
    with translation.override("en"):
        assert render(page) == "Initiatives"
    with translation.override("da"):
        assert render(page) == "Initiativer"


def test_translate_keeps_its_other_forms():
    with translation.override("en"):
        assert render('{% load i18n %}{% translate "Kilder" noop %}') == "Kilder"
        assert (
            render(
                '{% load i18n %}{% translate "Kilder" as word %}[{{ word }}]{% translate "Kilder"|upper %}'
            )
            == "[Sources]SOURCES"
        )
        assert render("{% load i18n %}{% translate text %}", text="Kilder") == "Sources"
        assert render("{% load i18n %}{% blocktranslate %}Kilder{% endblocktranslate %}") == (
            "Sources"
        )


def test_url_answers_what_reverse_answers():
    detail = reverse("initiatives:initiative-detail", args=["et-initiativ"])
    assert render('{% url "initiatives:initiative-detail" slug %}', slug="et-initiativ") == detail
    assert render('{% url "initiatives:initiative-detail" slug="et-initiativ" %}') == detail
    assert render('{% url "initiatives:initiative-list" as link %}<{{ link }}>') == (
        f"<{reverse('initiatives:initiative-list')}>"
    )
    assert render('{% url "findes-ikke" as link %}<{{ link }}>') == "<>"
    with pytest.raises(NoReverseMatch):
        render('{% url "findes-ikke" %}')
    with pytest.raises(NoReverseMatch):
        render('{% url "initiatives:initiative-detail" slug %}', slug=["ikke", "en", "slug"])


def test_url_reverses_a_link_once_and_follows_the_script_prefix():
    slug = f"et-notat-{uuid.uuid4().hex}"  # never reversed before in this process
    page = template("{% url 'initiatives:source-text' slug %}")
    with mock.patch.object(reversing, "reverse", wraps=reversing.reverse) as counted:
        first = render(page, slug=slug)
        assert render(page, slug=slug) == first == reverse("initiatives:source-text", args=[slug])
        calls = counted.call_count
        try:
            set_script_prefix("/katalog/")
            assert render(page, slug=slug) == "/katalog" + first
        finally:
            set_script_prefix("/")
    assert calls == 1
