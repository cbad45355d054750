"""A merge as an editor does it, in a real browser: select two initiatives in the admin's list,
choose the action, pick the survivor and give the reason on the intermediate page."""

from django.conf import settings
from django.test import Client

from initiatives.models import Initiative
from tests.browser import BROWSER_MARKS, SCREENSHOTS, new_page
from tests.builders import make_user
from tests.web.conftest import build_catalogue

pytestmark = BROWSER_MARKS


def logged_in_page(browser, live_server):
    user = make_user("redaktoer", staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    page = new_page(browser, javascript=True)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def test_merging_two_initiatives_through_the_intermediate_page(
    transactional_db,
    live_server,
    browser,  # noqa: F811
):
    site = build_catalogue()
    survivor, other = site.readmissions, site.outreach
    old_url = other.get_absolute_url()
    page = logged_in_page(browser, live_server)
    page.goto(f"{live_server.url}/admin/initiatives/initiative/")
    for initiative in (survivor, other):
        page.locator(f'input.action-select[value="{initiative.pk}"]').check()
    page.locator('select[name="action"]').select_option("merge_initiatives")
    page.locator('button[name="index"]').click()

    assert page.locator("h1").inner_text() == "Læg initiativer sammen"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "admin-merge-desktop.png"), full_page=True)
    page.get_by_label(survivor.title).check()
    page.get_by_label("Begrundelse").fill("Samme team, omtalt under to navne")
    page.get_by_role("button", name="Læg sammen").click()

    assert page.url.endswith(f"/admin/initiatives/initiative/{survivor.pk}/change/")
    assert (
        "lagt sammen i »Færre genindlæggelser af ældre«"
        in page.locator(".messagelist").inner_text()
    )
    assert not Initiative.objects.filter(pk=other.pk).exists()
    assert survivor.mentions.count() == 2

    page.goto(live_server.url + old_url)
    assert page.url == live_server.url + survivor.get_absolute_url()
    # The survivor keeps its address; its fields come from all its mentions, newest first.
    survivor.refresh_from_db()
    assert page.locator("h1").inner_text() == survivor.title
    sources = survivor.mentions.values("source").distinct().count()
    heading = page.locator("#mentions-heading").inner_text()
    assert heading == ("Omtalt i 2 kilder" if sources == 2 else "Omtalt 2 gange i 1 kilde")

    page.goto(f"{live_server.url}/admin/initiatives/initiative/{survivor.pk}/history/")
    history = page.locator("#content-main").inner_text()
    assert "Samme team, omtalt under to navne" in history and "redaktoer" in history
    page.context.close()
