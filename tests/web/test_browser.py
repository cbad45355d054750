"""The pages people use, in a real browser (Playwright driving Debian's Chromium).

Functional tests run with JavaScript switched off: every function must work without it. The
accessibility check injects axe-core (``npm install --no-save axe-core@4``) and fails on any
serious or critical violation. Screenshots land in test-artifacts/screenshots/ (git-ignored).
"""

import hashlib
import re
from pathlib import Path

import pytest
from django.utils import timezone

from initiatives.history import as_user
from tests.browser import AXE, BROWSER_MARKS, DESKTOP, PHONE, SCREENSHOTS, new_page
from tests.web.conftest import build_catalogue

pytestmark = BROWSER_MARKS


# A note long enough that its lines 120-124 are far below the top of the text page.
NOTE_TEXT = "\n".join(
    f"Linje {n}: Hjemmebesøg efter udskrivning i samarbejde med kommunen." for n in range(1, 301)
)


@pytest.fixture
def site(transactional_db, live_server):
    # Built as one load, so that "Nyt i kataloget" lists it.
    with as_user("import", reason="load_catalogue: test", kind="load"):
        data = build_catalogue()
    data.fu.text = NOTE_TEXT
    data.fu.save()
    data.readmissions.mentions.update(line=120, line_end=124)
    data.home.source_file = data.fu.file_name
    data.home.source_lines = [[57, 63], [167, 169]]
    data.home.save()
    data.url = live_server.url
    return data


@pytest.fixture
def page(browser):
    """A desktop page with JavaScript switched off."""
    page = new_page(browser, javascript=False)
    yield page
    page.context.close()


def test_clicking_a_facet_filters_the_list(site, page):
    page.goto(f"{site.url}/initiatives/")
    page.locator("#facet-region + ul").get_by_role("link", name="Region Hovedstaden").click()
    assert "region=hovedstaden" in page.url
    assert page.locator("#result-sentence").inner_text() == (
        "Viser 2 af 4 initiativer · Region Hovedstaden"
    )
    selected = page.locator('#facet-region + ul a[aria-current="true"]')
    assert "Region Hovedstaden" in selected.inner_text()
    selected.click()  # choosing it again removes it
    assert page.locator("#result-sentence").inner_text() == "Viser 4 af 4 initiativer"


def test_searching_from_the_overview_shows_matching_initiatives(site, page):
    page.goto(site.url + "/")
    page.get_by_label("Søg i initiativerne").fill("genindlæggelse")
    page.get_by_role("button", name="Søg", exact=True).click()
    assert "q=genindl" in page.url
    items = page.locator(".initiative-list .item-title").all_inner_texts()
    assert items == ["Færre genindlæggelser af ældre"]


def test_opening_a_detail_page_and_following_a_partner_link(site, page):
    page.goto(f"{site.url}/initiatives/?region=hovedstaden")
    page.get_by_role("link", name="Færre genindlæggelser af ældre").click()
    assert page.locator("h1").inner_text() == "Færre genindlæggelser af ældre"
    assert "Status pr. 30. april 2019" in page.locator(".status-line").inner_text()
    assert page.locator(".citation-text").first.inner_text() == (
        "Kilde: Region Hovedstaden, notat til Forretningsudvalget, 30. april 2019, tabel 1, række 6"
    )
    page.locator(".partners").get_by_role("link", name="Herlev og Gentofte Hospital").click()
    assert page.locator("h1").inner_text() == "Herlev og Gentofte Hospital"
    assert page.get_by_role("link", name="Færre genindlæggelser af ældre").count() == 1


def test_finding_the_udgaaende_teams_from_the_overview(site, page):
    page.goto(site.url + "/")
    page.get_by_role("link", name="Behandling i eget hjem og udgående teams").click()
    assert page.locator("h1").inner_text() == (
        "Samarbejdsform: Behandling i eget hjem og udgående teams"
    )
    assert page.locator(".status-group > h3").all_inner_texts() == ["Igangværende 1", "Afsluttet 1"]
    page.get_by_role("link", name="se linje 167–169 i notatet").click()
    assert page.url.endswith("/sources/rh-notat-2019/text/?lines=167-169#L167")
    assert page.locator(".source-text li.hl").count() == 3
    page.go_back()
    page.get_by_role("link", name="Filtrér og hent listen").click()
    assert page.locator("#result-sentence").inner_text() == (
        "Viser 2 af 4 initiativer · Samarbejdsform: Behandling i eget hjem og udgående teams"
    )


def test_downloading_the_filtered_list_as_csv(site, page):
    page.goto(f"{site.url}/initiatives/?target_group=boern-og-unge")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    download = info.value
    # The file name says what the file holds: the filter and the date.
    assert download.suggested_filename == (
        f"initiativer-maalgruppe-boern-og-unge-{timezone.localdate().isoformat()}.csv"
    )
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("slug;titel;status;")  # row 1 is the header
    assert "Sundhedshus i Aarhus" in text


def test_switching_language_without_javascript(site, page):
    page.goto(f"{site.url}/initiatives/")
    page.get_by_label("Sprog").select_option("en")
    page.get_by_role("button", name="Skift sprog").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Initiatives"


def test_following_a_mention_to_its_lines_shows_them_highlighted_in_view(site, page):
    page.goto(site.url + site.readmissions.get_absolute_url())
    page.get_by_role("link", name="se linje 120–124 i notatet").click()
    assert page.url.endswith("/sources/rh-notat-2019/text/?lines=120-124#L120")
    highlighted = page.locator(".source-text li.hl")
    assert highlighted.count() == 5
    assert highlighted.first.get_attribute("id") == "L120"
    viewport = page.viewport_size
    for line in ("#L120", "#L124"):
        box = page.locator(line).bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
    assert page.locator("#L1").bounding_box()["y"] < 0  # scrolled down to the lines
    # From the lines back to the initiative read from them.
    page.locator(".selection").get_by_role("link", name="Færre genindlæggelser af ældre").click()
    assert page.locator("h1").inner_text() == "Færre genindlæggelser af ældre"


def test_the_downloaded_note_has_the_sha256_the_source_page_shows(site, page):
    page.goto(site.url + site.fu.get_absolute_url())
    shown = page.locator(".sha256 code").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Hent filen")).click()
    content = Path(info.value.path()).read_bytes()
    assert hashlib.sha256(content).hexdigest() == shown
    assert content.decode("utf-8") == NOTE_TEXT


def _pages(site):
    return {
        "overview": "/",
        "list": "/initiatives/?region=hovedstaden",
        "detail": site.readmissions.get_absolute_url(),
        "organisation": site.herlev.get_absolute_url(),
        "text": "/sources/rh-notat-2019/text/?lines=120-124#L120",
        "models": "/models/",
        "model": site.home.get_absolute_url(),
        "print": "/initiatives/print/?region=hovedstaden",
        "organisations": "/organisations/",
        "region": site.hovedstaden.get_absolute_url(),
        "target group": site.older.get_absolute_url(),
        "sources": "/sources/",
        "source": site.fu.get_absolute_url(),
        "not found": "/initiatives/findes-ikke/",
        "news": "/news/",
    }


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_serious_or_critical_violations(site, browser, viewport):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run npm install --no-save axe-core@4")
    # axe-core is injected as an inline script, which the site's CSP rightly refuses.
    page = new_page(browser, viewport=viewport, bypass_csp=True)
    problems = []
    try:
        for name, path in _pages(site).items():
            page.goto(site.url + path)
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            )
            for violation in violations:
                if violation["impact"] in ("serious", "critical"):
                    targets = [node["target"] for node in violation["nodes"]][:5]
                    problems.append(f"{name}: {violation['id']} ({violation['impact']}) {targets}")
    finally:
        page.context.close()
    assert problems == []


def test_screenshots_of_the_pages_fit_the_width(site, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = _pages(site)
    for label, viewport in (("1280", DESKTOP), ("360", PHONE)):
        page = new_page(browser, viewport=viewport)
        try:
            for name in pages:
                page.goto(site.url + pages[name])
                path = SCREENSHOTS / f"{name}-{label}.png"
                page.screenshot(path=str(path), full_page=True)
                assert path.stat().st_size > 0
                # Nothing sticks out sideways, not even on a phone.
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= viewport["width"], name
        finally:
            page.context.close()


def test_print_stylesheet_hides_navigation_and_facets(site, browser):
    page = new_page(browser)
    try:
        page.emulate_media(media="print")
        page.goto(f"{site.url}/initiatives/")
        assert not page.locator(".facets").is_visible()
        assert not page.locator(".site-nav").is_visible()
        assert page.locator(".initiative-list").is_visible()
        page.goto(site.url + site.readmissions.get_absolute_url())
        after = page.evaluate(
            "getComputedStyle(document.querySelector('.cite-link'), '::after').content"
        )
        assert "/sources/rh-notat-2019/text/?lines=120-124#L120" in after
        # The text prints without navigation, the highlighted lines still marked.
        page.goto(site.url + "/sources/rh-notat-2019/text/?lines=120-124")
        assert not page.locator(".site-nav").is_visible()
        marked = page.evaluate(
            "(() => { const s = getComputedStyle(document.getElementById('L120'));"
            " return [s.fontWeight, s.borderLeftStyle]; })()"
        )
        assert marked == ["700", "solid"]
        plain = page.evaluate("getComputedStyle(document.getElementById('L119')).fontWeight")
        assert plain == "400"
    finally:
        page.context.close()


def test_on_a_phone_the_filters_are_one_tap_away_and_a_choice_lands_on_the_results(site, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(browser, javascript=False, viewport=PHONE)
    try:
        page.goto(f"{site.url}/initiatives/?region=hovedstaden")
        control = page.get_by_role("link", name="Filtre (1 valgt)")
        # At the top: in the first screen, above the results.
        box = control.bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"]
        assert box["y"] < page.locator(".initiative-list").bounding_box()["y"]
        page.screenshot(path=str(SCREENSHOTS / "phone-filter-control-360.png"))
        control.click()
        assert page.url.endswith("#facets")
        assert page.locator("#facets-heading").is_visible()
        heading = page.locator("#facets-heading").bounding_box()
        assert 0 <= heading["y"] < PHONE["height"] / 2  # the facets are in view
        page.screenshot(path=str(SCREENSHOTS / "phone-filters-open-360.png"))
        page.locator("#facet-status + ul").get_by_role("link", name="Igangværende").click()
        assert "status=ongoing" in page.url and page.url.endswith("#results")
        # Back at the results: the sentence at the top of the screen, the first result in view.
        sentence = page.locator("#result-sentence").bounding_box()
        assert 0 <= sentence["y"] < 100
        assert page.locator("#result-sentence").inner_text() == (
            "Viser 1 af 4 initiativer · Region Hovedstaden · Status: Igangværende"
        )
        first = page.locator(".initiative-list > li").first.bounding_box()
        assert first["y"] < PHONE["height"]
        assert page.get_by_role("link", name="Filtre (2 valgt)").is_visible()
    finally:
        page.context.close()


def test_the_print_view_prints_every_row_with_its_addresses(site, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(browser, javascript=False)
    try:
        page.goto(f"{site.url}/initiatives/")
        page.get_by_role("link", name="Udskriv listen").click()
        assert "/initiatives/print/" in page.url
        page.emulate_media(media="print")
        page.screenshot(path=str(SCREENSHOTS / "print-view-print.png"), full_page=True)
        assert not page.locator(".site-nav").is_visible()
        assert not page.locator(".print-tools").is_visible()
        assert page.locator(".print-list .initiative-item").count() == 4
        assert page.locator(".print-facts").inner_text().count(site.url) == 1
        urls = page.locator(".print-list .item-url").all_inner_texts()
        assert f"{site.url}{site.readmissions.get_absolute_url()}" in urls
        pdf = page.pdf()
        assert pdf.startswith(b"%PDF")
        page.emulate_media(media="screen")
        page.screenshot(path=str(SCREENSHOTS / "print-view-screen.png"), full_page=True)
        assert page.locator(".print-tools").is_visible()
    finally:
        page.context.close()
