"""The project's ``{% url %}`` (``catalogue.url_tag``) and ``{% translate %}``
(``{% load translations %}``) render what Django's own tags render, in every language."""

import re
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.template import Context, engines
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from catalogue import reversing
from catalogue.templatetags.translations import ConstantTranslateNode


def template(source):
    return engines["django"].from_string(source).template


def render(source_or_template, autoescape=True, **context):
    compiled = (
        template(source_or_template) if isinstance(source_or_template, str) else source_or_template
    )
    return compiled.render(Context(context, autoescape=autoescape))


def test_translate_follows_the_language_of_each_render():
    page = template('{% load translations %}{% translate "Initiativer" %}')
    assert isinstance(page.nodelist[-1], ConstantTranslateNode)
    with translation.override("da"):
        assert render(page) == "Initiativer"
    with translation.override("en"):
        assert render(page) == "Initiatives"
    with translation.override("da"):
        assert render(page) == "Initiativer"


def test_translate_keeps_its_other_forms():
    with translation.override("en"):
        assert render('{% load translations %}{% translate "Kilder" noop %}') == "Kilder"
        assert (
            render(
                '{% load translations %}{% translate "Kilder" as word %}[{{ word }}]{% translate "Kilder"|upper %}'
            )
            == "[Sources]SOURCES"
        )
        assert render("{% load translations %}{% translate text %}", text="Kilder") == "Sources"
        assert render(
            "{% load translations %}{% blocktranslate %}Kilder{% endblocktranslate %}"
        ) == ("Sources")


def test_every_template_of_the_project_loads_translations_not_i18n():
    templates = Path(settings.BASE_DIR, "templates")
    loads_i18n = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        for names in re.findall(r"{% load ([^%]*)%}", path.read_text(encoding="utf-8"))
        if "i18n" in names.split()
    ]
    assert loads_i18n == []


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
