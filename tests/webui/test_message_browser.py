"""An agent pastes a message's source (or uploads the .eml) and reads why it went to spam,
in a real headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SOURCE = (
    "X-Spam-Flag: YES\n"
    "Received: from out.msg-sender.test (out.msg-sender.test [192.0.2.10]) by smtp.orange.fr"
    " with ESMTP id a1; Mon, 30 Nov 2026 09:00:01 +0000\n"
    "From: Artisan <devis@msg-sender.test>\nTo: client@example.org\n"
    "Subject: OFFRE EXCEPTIONNELLE !!!\nDate: Mon, 30 Nov 2026 09:00:00 +0000\n"
    "Message-ID: <1@msg-sender.test>\n\nBonjour\n"
)


def test_an_agent_pastes_a_message_and_reads_the_report(page: Page, live_server: str) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server + "/")
    page.get_by_role("link", name="Analyse a message").click()
    page.get_by_label("The message's source, or only its headers").fill(SOURCE)
    page.get_by_role("button", name="Analyse").click()
    expect(page.locator("#verdict")).to_be_visible()
    expect(page.locator("#check-receiver")).to_contain_text("filed the message as spam")
    expect(page.locator("table.hops")).to_contain_text("smtp.orange.fr")
    expect(page.locator("a.permalink")).to_have_count(0)
    assert errors == []


def test_an_agent_uploads_an_eml_and_asks_for_a_link(
    page: Page, live_server: str, tmp_path: Path
) -> None:
    eml = tmp_path / "devis.eml"
    eml.write_text(SOURCE, encoding="utf-8")
    page.goto(live_server + "/message")
    page.get_by_label("Or an .eml file").set_input_files(str(eml))
    page.get_by_label("Make a shareable link").check()
    page.get_by_role("button", name="Analyse").click()
    link = page.locator("a.permalink")
    expect(link).to_have_count(1)
    href = link.get_attribute("href") or ""
    page.goto(href if href.startswith("http") else live_server + href)  # a path without PUBLIC_URL
    expect(page.locator("#verdict")).to_be_visible()
    expect(page.locator("#check-content")).to_contain_text("shouts")
