"""Fixtures of the dashboard's tests: the app from its factory, a test client, and a real
WSGI server on loopback for the browser (Debian's chromium driven by Playwright)."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from deliverability.testing import LOOKUP_TIMEOUT, DnsServer
from webui import create_app

PLATFORM = """\
[platform]
name = "Devis Test"
spf_include = "_spf.webui-platform.test"
sending_ips = ["192.0.2.25", "2001:db8::25"]
return_path_domain = "bounce.webui-platform.test"
helo = "out1.webui-platform.test"
dkim_selectors = ["wt1"]
from_domain = "webui-platform.test"
"""


@pytest.fixture(scope="session")
def base_config(dns_server: DnsServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The dashboard's settings for tests: the loopback DNS server, a platform, short deadlines."""
    platform = tmp_path_factory.mktemp("webui") / "platform.toml"
    platform.write_text(PLATFORM, encoding="utf-8")
    return {
        "TESTING": True,
        "SECRET_KEY": "test",
        "NAMESERVERS": [dns_server.address],
        "DNS_TIMEOUT": LOOKUP_TIMEOUT,
        "DEADLINE": 5.0,
        "PLATFORM_FILE": str(platform),
        "CHECK_RATE_LIMIT": "1000 per minute",
        "SMTP_TIMEOUT": 5.0,
    }


@pytest.fixture
def config(base_config: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A copy each test may change before asking for ``app``, with a store of its own."""
    return {**base_config, "DB": str(tmp_path_factory.mktemp("store") / "webui.db")}


@pytest.fixture
def app(config: dict[str, Any]) -> Flask:
    return create_app(config)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


# -- the browser ---------------------------------------------------------------------------


@pytest.hookimpl(trylast=True)  # after pytest groups items by parametrized session fixtures
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last. Playwright's sync API keeps an event loop running in the
    main thread until the session ends, and every later ``asyncio.run()`` (the library's sync
    entry points, in any test) would then fail with "cannot be called from a running event loop"."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's chromium (Playwright's own download cannot work here), kept off the network.

    Without chromium the browser tests are skipped, unless ``REQUIRE_BROWSER`` is set."""
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if executable is None:
        missing = "chromium is not installed: apt-get install chromium (or set CHROMIUM_PATH)"
        if os.environ.get("REQUIRE_BROWSER"):  # CI sets it: there a missing browser is a failure
            pytest.fail(missing)
        pytest.skip(missing)
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
    }


@pytest.fixture(scope="session")
def live_server(base_config: dict[str, Any]) -> Iterator[str]:
    """The dashboard behind werkzeug's threaded WSGI server on 127.0.0.1; yields its base URL."""
    # A patient resolver: the browser tests check the pages, not the fault paths, and under
    # parallel workers on a busy machine a loopback answer can take longer than 0.5 s.
    config = {**base_config, "DNS_TIMEOUT": 3.0, "DEADLINE": 15.0}
    server = make_server("127.0.0.1", 0, create_app(config), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="webui-live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
