"""The HTTPS peer of the MTA-STS and BIMI tests: one loopback server for every policy host."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from deliverability.dns import Resolver
from deliverability.https import HttpsClient
from deliverability.smtp import AddressPolicy
from deliverability.testing import DnsServer, HttpsServer, Page

ENFORCE = b"version: STSv1\r\nmode: enforce\r\nmx: mx1.enforce.sts.test\r\nmx: *.enforce.sts.test\r\nmax_age: 86400\r\n"
TESTING = b"version: STSv1\nmode: testing\nmx: mx1.uncovered.sts.test\nmax_age: 86400\n"
SQUARE_SVG = (
    b'<svg version="1.2" baseProfile="tiny-ps" xmlns="http://www.w3.org/2000/svg" '
    b'viewBox="0 0 100 100"><title>Example</title><rect width="100" height="100" fill="#036"/></svg>'
)
BAD_SVG = (
    b'<svg version="1.1" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    b'viewBox="0 0 200 100"><script>alert(1)</script><animate attributeName="x"/>'
    b'<image xlink:href="https://tracker.example/pixel.png"/></svg>'
)

ROUTES: dict[str, bytes | Page] = {
    "mta-sts.enforce.sts.test/.well-known/mta-sts.txt": ENFORCE,
    "mta-sts.uncovered.sts.test/.well-known/mta-sts.txt": TESTING,
    "mta-sts.badcert.sts.test/.well-known/mta-sts.txt": ENFORCE,
    "mta-sts.badpolicy.sts.test/.well-known/mta-sts.txt": b"<html>Welcome to nginx</html>",
    "logo.bimi.test/good.svg": SQUARE_SVG,
    "logo.bimi.test/bad.svg": BAD_SVG,
    "logo.bimi.test/moved.svg": Page(status=301, headers={"Location": "http://logo.bimi.test/x"}),
    "logo.bimi.test/huge.svg": SQUARE_SVG + b"<!--" + b"x" * 40_000 + b"-->",
}


@pytest.fixture(scope="session")
def https_ca(tmp_path_factory: pytest.TempPathFactory) -> tuple[trustme.CA, Path]:
    ca = trustme.CA()
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return ca, path


@pytest.fixture(scope="session")
def https_server(https_ca: tuple[trustme.CA, Path]) -> Iterator[HttpsServer]:
    ca, _ = https_ca
    # Every policy host but mta-sts.badcert.sts.test, whose certificate then fails to verify.
    names = [route.split("/")[0] for route in ROUTES if not route.startswith("mta-sts.badcert")]
    # A certificate that is no mark certificate: no logotype, not from a Mark Verifying Authority.
    leaf = ca.issue_cert("good.bimi.test")
    routes = {
        **ROUTES,
        "logo.bimi.test/leaf.pem": b"".join(p.bytes() for p in leaf.cert_chain_pems),
    }
    with HttpsServer(certificate=ca.issue_cert(*dict.fromkeys(names)), routes=routes) as server:
        yield server


@pytest.fixture
def https_client(https_server: HttpsServer, https_ca: tuple[trustme.CA, Path]) -> HttpsClient:
    """Fetches that may reach loopback: tests only, through the explicit allow-private switch."""
    return HttpsClient(
        policy=AddressPolicy(allow_private=True), port=https_server.port, ca_file=str(https_ca[1])
    )


@pytest.fixture
def resolver(dns_server: DnsServer) -> Resolver:
    """A fresh resolver with room for a loaded machine: a blocklist check sends a dozen queries
    at once, and one lost to a short timeout would turn "listed" into "not tested"."""
    return Resolver([dns_server.address], timeout=3.0)
