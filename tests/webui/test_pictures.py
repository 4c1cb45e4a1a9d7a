"""The pictures of the report, in a real Chromium: the SPF include tree with its 10-lookup
gauge, and the DMARC path. Compared by structure (which boxes exist, where they sit relative
to each other, whether they fit the screen), never by pixels."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page

pytestmark = pytest.mark.browser

PHONE, DESKTOP = 360, 1000


@pytest.fixture(scope="module")
def warm(live_server: str) -> str:
    """One report before the pictures: the first diagnosis of a process loads the public
    suffix list, which can outlast the tests' 0.5 s DNS timeout on a busy machine."""
    with urllib.request.urlopen(live_server + "/report?target=webui-healthy.test", timeout=30):
        pass
    return live_server


@pytest.fixture(params=(PHONE, DESKTOP), ids=("phone", "desktop"))
def page_at(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    yield context.new_page()
    context.close()


def _box(locator: Locator) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None, "the element is laid out"
    return box


def _fits(page: Page, locator: Locator) -> None:
    width = page.viewport_size["width"]  # type: ignore[index]
    for index in range(locator.count()):
        box = _box(locator.nth(index))
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5


def test_the_spf_tree_is_drawn_with_each_records_cost(page_at: Page, warm: str) -> None:
    page_at.goto(warm + "/report?target=webui-customer.test&lang=fr")
    tree = page_at.locator(".spf-tree")
    assert tree.locator("h3").inner_text() == "Arbre des inclusions SPF"
    nodes = tree.locator(".node")
    assert nodes.count() == 4  # the domain, crm, news under crm, shop
    costs = [nodes.nth(n).locator(".cost").inner_text() for n in range(4)]
    assert costs == ["requêtes : 3", "requêtes : 2", "requêtes : 0", "requêtes : 0"]
    root, crm, news, shop = (_box(nodes.nth(n)) for n in range(4))
    assert root["x"] < crm["x"] < news["x"], "each level is drawn to the right of its parent"
    assert crm["x"] == shop["x"], "siblings line up"
    assert root["y"] < crm["y"] < news["y"] < shop["y"]
    cells = tree.locator(".gauge .cell")
    assert cells.count() == 10 and tree.locator(".gauge .cell.used").count() == 5
    gauge = [_box(cells.nth(n)) for n in range(10)]
    assert all(a["x"] < b["x"] and a["y"] == b["y"] for a, b in zip(gauge, gauge[1:], strict=False))
    _fits(page_at, tree.locator(".node, .gauge .cell"))


def test_a_tree_over_the_limit_shows_how_far_over(page_at: Page, warm: str) -> None:
    page_at.goto(warm + "/report?target=webui-lookups.test")
    gauge = page_at.locator(".spf-tree .gauge")
    assert "over" in (gauge.get_attribute("class") or "")
    assert gauge.locator(".cell").count() == 12
    assert gauge.locator(".cell.over").count() == 2
    assert "12 of 10" in gauge.inner_text() and "2 over the limit" in gauge.inner_text()
    _fits(page_at, gauge.locator(".cell"))


def test_the_dmarc_path_reads_left_to_right_or_top_to_bottom(page_at: Page, warm: str) -> None:
    page_at.goto(warm + "/report?target=webui-customer.test&lang=fr")
    path = page_at.locator(".dmarc-path")
    assert (
        path.locator("h3").inner_text() == "Comment le courrier de la plateforme peut passer DMARC"
    )
    spf, join, dkim, outcome = (
        _box(path.locator(selector)) for selector in (".leg.spf", ".join", ".leg.dkim", ".outcome")
    )
    assert path.locator(".leg.spf").get_attribute("class") == "leg spf state-fail"
    assert path.locator(".outcome p").nth(1).inner_text().startswith("échoue : sans politique")
    if page_at.viewport_size["width"] == PHONE:  # type: ignore[index]
        assert spf["y"] < join["y"] < dkim["y"] < outcome["y"], "one column, top to bottom"
        assert spf["x"] == dkim["x"] == outcome["x"]
    else:
        assert spf["y"] < dkim["y"] and spf["x"] == dkim["x"], "SPF above DKIM"
        assert spf["x"] + spf["width"] <= join["x"] < outcome["x"], "both lead to the outcome"
        assert spf["y"] < outcome["y"] + outcome["height"] / 2 < dkim["y"] + dkim["height"]
    _fits(page_at, path.locator(".leg, .outcome"))


def test_a_domain_the_platform_can_pass_dmarc_for(page: Page, warm: str) -> None:
    page.goto(warm + "/report?target=webui-platform.test")
    path = page.locator(".dmarc-path")
    assert path.locator(".leg.spf").get_attribute("class") == "leg spf state-pass"
    assert path.locator(".outcome").get_attribute("class") == "outcome state-pass"
    assert "passes" in path.locator(".outcome").inner_text()
