"""SPF test fixtures; prints, after the run, the conformance tests that passed with a non-preferred result."""

from __future__ import annotations

import pytest

_NOTES = pytest.StashKey[list[str]]()


@pytest.fixture(scope="session")
def conformance_notes(request: pytest.FixtureRequest) -> list[str]:
    """Notes the RFC 7208 driver leaves for the end-of-run summary."""
    return request.config.stash.setdefault(_NOTES, [])


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    notes = config.stash.get(_NOTES, [])
    if notes:
        terminalreporter.section("RFC 7208 suite: accepted, not preferred")
        for note in notes:
            terminalreporter.write_line(note)
