"""The test inbox's listener, over real SMTP on loopback: live addresses only, one message
each, sizes and connections bounded, what the receiver saw recorded."""

from __future__ import annotations

import asyncio
import contextlib
import resource
import smtplib
import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
import trustme

from deliverability.inbox import Deliveries, Delivery, InboxListener
from deliverability.inbox._analysis import analyser
from deliverability.storage import Store
from deliverability.testing import DnsServer

DOMAIN = "inbox.example.com"


class Clock:
    """A wall clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


class Recorder:
    """The analysis step, recording what it was handed (the real one is tested end to end)."""

    def __init__(self) -> None:
        self.seen: list[tuple[Delivery, bytes]] = []

    async def __call__(self, delivery: Delivery, raw: bytes) -> None:
        self.seen.append((delivery, raw))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def deliveries(tmp_path: Path, clock: Clock) -> Iterator[Deliveries]:
    store = Store(tmp_path / "inbox.sqlite3", clock=clock)
    yield Deliveries(store, DOMAIN)
    store.close()


@pytest.fixture(scope="module")
def certificate(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("inbox-tls")
    leaf = ca.issue_cert(DOMAIN, "127.0.0.1")
    leaf.cert_chain_pems[0].write_to_path(str(folder / "cert.pem"))
    leaf.private_key_pem.write_to_path(str(folder / "key.pem"))
    return str(folder / "cert.pem"), str(folder / "key.pem")


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def listener(
    deliveries: Deliveries, recorder: Recorder, certificate: tuple[str, str]
) -> Iterator[InboxListener]:
    cert, key = certificate
    with InboxListener(deliveries, recorder, port=0, certificate=cert, key=key) as server:
        yield server


def _message(to: str, *, body: str = "Bonjour, voici le devis.") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "artisan@example.com"
    message["To"] = to
    message["Subject"] = "Devis"
    message.set_content(body)
    return message


def _send(
    listener: InboxListener, to: str, ca: trustme.CA, *, tls: bool = True, body: str = "Devis."
) -> None:
    """One message over the standard library's blocking client: its socket is closed when
    the ``with`` ends, whatever the listener did. An asyncio client's TLS shutdown could
    still be pending when its loop closed, and the leaked socket's warning then surfaced in
    whichever test ran next."""
    context = ssl.create_default_context()
    ca.configure_trust(context)
    with smtplib.SMTP("127.0.0.1", listener.port, timeout=10) as client:
        if tls:
            client.starttls(context=context)
        client.send_message(_message(to, body=body), from_addr="bounces@platform.example")


def test_a_live_address_takes_one_message_and_records_the_session(
    listener: InboxListener, deliveries: Deliveries, recorder: Recorder, ca: trustme.CA
) -> None:
    test = deliveries.create(lang="fr")
    assert test.address.startswith("t-") and test.address.endswith("@" + DOMAIN)
    _send(listener, test.address, ca)
    _wait_for(lambda: recorder.seen)
    delivery, raw = recorder.seen[0]
    assert delivery.token == test.token and b"Subject: Devis" in raw
    received = deliveries.get(test.token)
    assert received is not None and received.state == "received"
    reception = received.reception
    assert reception is not None
    assert reception.client_address == "127.0.0.1" and reception.client_kind == "loopback"
    assert reception.mail_from == "bounces@platform.example"
    assert reception.recipient == test.address
    assert reception.tls_version in ("TLSv1.2", "TLSv1.3") and reception.tls_cipher
    assert reception.helo and reception.size == len(raw)
    assert deliveries.message(test.token) == raw  # kept exactly as received
    with pytest.raises(smtplib.SMTPRecipientsRefused, match="5.1.1"):
        _send(listener, test.address, ca)  # one message each


def test_without_tls_the_reception_says_so(
    listener: InboxListener, deliveries: Deliveries, recorder: Recorder, ca: trustme.CA
) -> None:
    test = deliveries.create()
    _send(listener, test.address, ca, tls=False)
    _wait_for(lambda: recorder.seen)
    received = deliveries.get(test.token)
    assert received is not None and received.reception is not None
    assert received.reception.tls_version is None and received.reception.tls_cipher is None


@pytest.mark.parametrize(
    "address",
    (
        "t-doesnotexist2345@" + DOMAIN,
        "postmaster@" + DOMAIN,
        "t-abc@other.example",
    ),
)
def test_an_unknown_address_is_refused(
    listener: InboxListener, ca: trustme.CA, recorder: Recorder, address: str
) -> None:
    with pytest.raises(smtplib.SMTPRecipientsRefused, match="5.1.1"):
        _send(listener, address, ca)
    assert not recorder.seen


def test_an_expired_address_is_refused(
    listener: InboxListener, deliveries: Deliveries, clock: Clock, ca: trustme.CA
) -> None:
    test = deliveries.create()
    clock.now += deliveries.address_ttl + 1
    with pytest.raises(smtplib.SMTPRecipientsRefused, match="5.1.1"):
        _send(listener, test.address, ca)
    assert deliveries.get(test.token) is None


def test_an_oversized_message_is_refused_with_552(
    deliveries: Deliveries, recorder: Recorder, ca: trustme.CA
) -> None:
    with InboxListener(deliveries, recorder, port=0, max_message_bytes=20_000) as small:
        test = deliveries.create()
        with pytest.raises(smtplib.SMTPResponseException) as refused:
            _send(small, test.address, ca, tls=False, body="x" * 40_000)
        assert refused.value.smtp_code == 552
    assert not recorder.seen
    waiting = deliveries.get(test.token)
    assert waiting is not None and waiting.state == "waiting"


def test_a_result_outlives_the_address_then_is_purged(
    listener: InboxListener,
    deliveries: Deliveries,
    recorder: Recorder,
    clock: Clock,
    ca: trustme.CA,
) -> None:
    test = deliveries.create()
    _send(listener, test.address, ca)
    _wait_for(lambda: recorder.seen)
    clock.now += deliveries.address_ttl + 1
    assert deliveries.get(test.token) is not None  # an hour later: the result is still there
    clock.now += deliveries.result_ttl
    deliveries.create()  # any write purges what expired
    assert deliveries.get(test.token) is None


def test_two_hundred_connections_at_once_stay_bounded_and_the_listener_answers(
    listener: InboxListener, deliveries: Deliveries, recorder: Recorder, ca: trustme.CA
) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    async def crowd() -> list[int]:
        async def one() -> int:
            reader, writer = await asyncio.open_connection("127.0.0.1", listener.port)
            try:
                greeting = await asyncio.wait_for(reader.readline(), 10)
                writer.write(b"NOOP\r\n")
                await writer.drain()
                return int(greeting[:3])
            finally:
                writer.close()
                with contextlib.suppress(ConnectionError):
                    await writer.wait_closed()

        return await asyncio.gather(*(one() for _ in range(200)))

    codes = asyncio.run(crowd())
    assert set(codes) <= {220, 421} and 220 in codes
    assert codes.count(220) >= listener.max_connections
    _wait_for(lambda: listener.active == 0)
    test = deliveries.create()
    _send(listener, test.address, ca)  # still answers, and takes mail
    _wait_for(lambda: recorder.seen)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 100 * 1024


def _wait_for(condition: object, seconds: float = 30.0) -> None:
    """Wait until ``condition()`` is true: the listener works in its own thread."""
    import time

    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def _analysed(
    deliveries: Deliveries, dns_server: DnsServer, ca: trustme.CA, *, tls: bool, **options: str
) -> Delivery:
    """One message sent to a listener with the real analysis, once its report is made."""
    analyse = analyser(deliveries, nameservers=[dns_server.address], timeout=1)
    test = deliveries.create(lang="fr")
    with InboxListener(deliveries, analyse, port=0, **options) as server:  # type: ignore[arg-type]
        _send(server, test.address, ca, tls=tls)
        _wait_for(lambda: (done := deliveries.get(test.token)) and done.report is not None)
    received = deliveries.get(test.token)
    assert received is not None and received.report is not None
    return received


def _codes(delivery: Delivery) -> list[str]:
    assert delivery.report is not None
    return [finding.code for finding in delivery.report.findings]


def test_clear_text_though_starttls_was_offered_is_a_warning(
    deliveries: Deliveries, dns_server: DnsServer, ca: trustme.CA, certificate: tuple[str, str]
) -> None:
    cert, key = certificate
    received = _analysed(deliveries, dns_server, ca, tls=False, certificate=cert, key=key)
    assert received.reception is not None and received.reception.starttls_offered
    assert received.report is not None
    [warning] = [f for f in received.report.findings if f.code == "message.no_starttls"]
    assert warning.severity == "warning" and warning.title == "Remis sans chiffrement"
    assert "127.0.0.1" in warning.detail and "smtp_tls_security_level = may" in warning.fix


def test_a_delivery_over_tls_gets_no_warning(
    deliveries: Deliveries, dns_server: DnsServer, ca: trustme.CA, certificate: tuple[str, str]
) -> None:
    cert, key = certificate
    codes = _codes(_analysed(deliveries, dns_server, ca, tls=True, certificate=cert, key=key))
    assert codes and "message.no_starttls" not in codes


def test_clear_text_to_a_listener_without_certificate_says_nothing(
    deliveries: Deliveries, dns_server: DnsServer, ca: trustme.CA
) -> None:
    # Without a certificate the listener offers no STARTTLS: clear text is its doing.
    codes = _codes(_analysed(deliveries, dns_server, ca, tls=False))
    assert codes and "message.no_starttls" not in codes
