"""HTTPS fetches on a domain's behalf (MTA-STS policies, BIMI logos and certificates).

The URL comes from DNS, so from whoever controls the domain: each fetch goes through the
SMTP address policy (the host is resolved by the run's resolver, non-public addresses are
refused, and the connection goes to the checked address itself, with the host name used for
SNI, the Host header and certificate verification). No redirect is followed, the body is
read up to a cap and no further, compressed answers are not asked for, and every fetch has a
timeout. httpx is imported here, on first use, never at start-up.
"""

from __future__ import annotations

import asyncio
import dataclasses
import ssl
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from deliverability.dns import Resolver
from deliverability.facts.https import CertificateFact, FetchFact
from deliverability.smtp import AddressPolicy

if TYPE_CHECKING:
    import httpx

DEFAULT_TIMEOUT = 10.0
"""Seconds each step of a fetch may take (connect and TLS handshake, each read); a whole fetch
takes at most three times that."""

_STEPS = 3
"""A whole fetch may take this many step timeouts (connect, headers, body)."""

_USER_AGENT = "deliverability (+https://github.com/deliverability)"


@dataclass(frozen=True, slots=True)
class HttpsClient:
    """Where and how fetches connect; the defaults are the internet's (port 443, system CAs)."""

    policy: AddressPolicy = field(default_factory=AddressPolicy)
    """The SSRF guard: refuses non-public addresses unless built with ``allow_private=True``."""
    port: int = 443
    ca_file: str | None = None
    """A PEM bundle to trust instead of the system's (a test CA)."""
    timeout: float = DEFAULT_TIMEOUT


def client_for(client: HttpsClient | None, deadline: float) -> HttpsClient:
    """``client`` (or the default one) with its timeout cut so a whole fetch ends within a
    diagnosis's deadline."""
    client = client or HttpsClient()
    return dataclasses.replace(client, timeout=min(client.timeout, deadline / _STEPS))


async def fetch(
    url: str, *, resolver: Resolver, client: HttpsClient | None = None, limit: int
) -> FetchFact:
    """GET ``url`` (https only) under the address policy; never raises for network reasons."""
    client = client or HttpsClient()
    host, path = _split(url)
    if host is None:
        return FetchFact.model_construct(
            url=url, outcome="bad_url", error="not an https:// URL with a host name"
        )
    resolution = await client.policy.resolve(host, resolver=resolver)
    lookups = list(resolution.lookups)
    if resolution.refused is not None:
        address, kind = resolution.refused
        return FetchFact.model_construct(
            url=url, outcome="address_refused", address=address, error=kind, lookups=lookups
        )
    if not resolution.addresses:
        failed = any(lookup.failed for lookup in lookups)
        return FetchFact.model_construct(
            url=url, outcome="dns_failed" if failed else "no_address", lookups=lookups
        )
    address = resolution.addresses[0]
    # httpx bounds each step (connect and TLS handshake, each read) and closes what it opened;
    # the outer bound stops a server that drips its answer a byte at a time.
    try:
        async with asyncio.timeout(client.timeout * _STEPS):
            result = await _get(client, host, address, path, limit)
    except TimeoutError:
        result = _timeout(client.timeout * _STEPS)
    return FetchFact(url=url, address=address, lookups=lookups, **result)


def _split(url: str) -> tuple[str | None, str]:
    """``https://host/path`` → (host, path); (None, "") for anything else (ports included:
    a policy or logo URL names a host, and the client's port applies)."""
    scheme, _, rest = url.partition("://")
    if scheme.lower() != "https" or not rest:
        return None, ""
    host, slash, path = rest.partition("/")
    host = host.lower().rstrip(".")
    if not host or any(char in host for char in ":@[]?# \\") or len(host) > 253:
        return None, ""
    return host, slash + path if slash else "/"


async def _get(
    client: HttpsClient, host: str, address: str, path: str, limit: int
) -> dict[str, Any]:
    import httpx  # on first fetch only: start-up stays light

    context = ssl.create_default_context(cafile=client.ca_file)
    netloc = f"[{address}]" if ":" in address else address
    async with httpx.AsyncClient(
        verify=context, follow_redirects=False, trust_env=False, timeout=client.timeout
    ) as http:
        request = http.build_request(
            "GET",
            f"https://{netloc}:{client.port}{path}",
            headers={"Host": host, "User-Agent": _USER_AGENT, "Accept-Encoding": "identity"},
            extensions={"sni_hostname": host},
        )
        try:
            response = await http.send(request, stream=True)
        except httpx.TimeoutException:
            return _timeout(client.timeout)
        except httpx.ConnectError as exc:
            return _connect_failure(exc)
        except httpx.HTTPError as exc:
            return {"outcome": "connect_error", "error": _reason(exc)}
        try:
            return await _read(response, limit)
        except httpx.TimeoutException:
            return _timeout(client.timeout)
        except httpx.HTTPError as exc:
            return {"outcome": "connect_error", "error": _reason(exc)}
        finally:
            await response.aclose()


async def _read(response: httpx.Response, limit: int) -> dict[str, Any]:
    common: dict[str, Any] = {
        "status": response.status_code,
        "certificate": _certificate(response),
        "content_type": response.headers.get("content-type", "")[:200],
    }
    if 300 <= response.status_code < 400:
        location = response.headers.get("location", "")[:300]
        return {**common, "outcome": "redirect", "error": location}
    if response.status_code != 200:
        return {**common, "outcome": "http_status"}
    body = bytearray()
    async for chunk in response.aiter_raw():
        body += chunk
        if len(body) > limit:
            return {**common, "outcome": "too_large", "error": f"more than {limit} bytes"}
    return {**common, "outcome": "ok", "body": body.decode("utf-8", errors="replace")}


def _timeout(seconds: float) -> dict[str, Any]:
    return {"outcome": "timeout", "error": f"no answer in {seconds:g} s"}


def _connect_failure(exc: Exception) -> dict[str, Any]:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return {"outcome": "cert_invalid", "error": str(cause.verify_message)[:300]}
        if isinstance(cause, ssl.SSLError):
            return {"outcome": "tls_error", "error": _reason(cause)}
        cause = cause.__cause__ or cause.__context__
    return {"outcome": "connect_error", "error": _reason(exc)}


def _reason(exc: BaseException) -> str:
    return (str(exc) or type(exc).__name__)[:300]


def _certificate(response: httpx.Response) -> CertificateFact | None:
    stream = response.extensions.get("network_stream")
    ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
    peer = ssl_object.getpeercert() if ssl_object is not None else None
    if not peer:
        return None
    return CertificateFact.model_construct(
        subject=_name(peer.get("subject", ()), ("commonName",)),
        issuer=_name(peer.get("issuer", ()), ("organizationName", "commonName")),
        not_before=str(peer.get("notBefore", "")),
        not_after=str(peer.get("notAfter", "")),
        names=[value for kind, value in peer.get("subjectAltName", ()) if kind == "DNS"][:50],
    )


def _name(rdns: Any, keys: tuple[str, ...]) -> str:
    """Selected attributes of a distinguished name as ``getpeercert()`` gives it."""
    values = [value for rdn in rdns for key, value in rdn if key in keys]
    return ", ".join(values)[:300]
