"""End to end in a real headless Chromium (Debian's package, driven by Playwright): a support
agent fills the form, submits, and reads the report; with JavaScript on and off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser


def test_an_agent_checks_a_domain_and_reads_the_report(page: Page, live_server: str) -> None:
    # The Content-Security-Policy would log any inline script or style it refuses.
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(live_server + "/")
    page.get_by_label("Domain or e-mail address").fill("webui-customer.test")
    page.get_by_role("button", name="Check").click()
    expect(page).to_have_url(re.compile(r"/report\?target=webui-customer\.test$"))
    verdict = page.locator("#verdict")
    expect(verdict).to_contain_text("webui-customer.test")
    expect(page.locator(".finding").first).to_be_visible()
    expect(page.locator(".finding .badge").first).not_to_be_empty()
    permalink = page.locator("a.permalink").get_attribute("href")
    assert permalink and "/r/" in permalink
    page.goto(live_server + permalink)  # a path: no public address is configured
    expect(page.locator("#verdict")).to_contain_text("webui-customer.test")
    assert errors == []


def test_the_page_is_escaped_in_the_browser_too(page: Page, live_server: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server + "/report?target=webui-hostile.test")
    expect(
        page.locator(".evidence pre").filter(has_text="<script>alert(1)</script>").first
    ).to_be_visible()
    assert dialogs == []


def test_copy_buttons_copy_the_proposed_record(browser: Browser, live_server: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(live_server + "/report?target=webui-customer.test")
    blocks = page.locator("[data-copy]")
    if blocks.count() == 0:
        pytest.fail("the customer's report should propose a change to copy")
    blocks.first.locator("xpath=following-sibling::button[1]").click()
    expect(page.get_by_role("status").first).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == blocks.first.text_content()
    context.close()


def test_the_dashboard_works_without_javascript(browser: Browser, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/")
    page.get_by_label("Domain or e-mail address").fill("webui-healthy.test")
    page.keyboard.press("Enter")
    expect(page.locator("#verdict")).to_contain_text("webui-healthy.test")
    expect(page.locator("button.copy")).to_have_count(
        0
    )  # no dead buttons: the text stays selectable
    page.get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#verdict")).to_contain_text("webui-healthy.test")
    context.close()


def test_the_keyboard_reaches_the_form_and_the_skip_link(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "target":
            break
    expect(page.locator("#target")).to_be_focused()


def test_the_layout_fits_a_phone(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server + "/report?target=webui-customer.test")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    context.close()


def test_the_smtp_form_never_shows_the_password_again(page: Page, live_server: str) -> None:
    page.goto(live_server + "/smtp-test")
    page.get_by_label("SMTP server").fill("smtp example com")
    page.get_by_label("Port", exact=True).fill("587")
    page.get_by_label("Username").fill("agent@webui-mail.test")
    page.get_by_label("Password").fill("Pw-in-the-browser")
    page.get_by_role("button", name="Test these settings").click()
    expect(page.locator("#host-error")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value("agent@webui-mail.test")
    expect(page.get_by_label("Password")).to_have_value("")
    assert "Pw-in-the-browser" not in page.content()
