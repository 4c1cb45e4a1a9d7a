"""The message rules are pure: facts built by hand in, findings out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from deliverability.checks import auth, content, message, receiver
from deliverability.facts import DmarcFacts, Facts, LookupFact
from deliverability.facts.message import (
    ArcFact,
    ContentFacts,
    DkimSignatureFact,
    Hop,
    Identities,
    LinkFact,
    MessageFacts,
    ReceiverFacts,
    ReceiverResult,
    ReceiverVerdict,
)
from deliverability.facts.spf import SpfEvaluation, SpfResult
from deliverability.report import Severity

NOON = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
FROM = Identities(
    from_addresses=["devis@example.com"],
    from_domain="example.com",
    message_id="<1@example.com>",
    date="Mon, 30 Nov 2026 12:00:00 +0000",
    date_parsed=NOON,
)


def facts(message_facts: MessageFacts, dmarc: str | None = "v=DMARC1; p=reject") -> Facts:
    records = [dmarc] if dmarc else []
    return Facts(
        message=message_facts,
        dmarc=DmarcFacts(
            domain="example.com",
            organizational_domain="example.com",
            lookups=[
                LookupFact(
                    name="_dmarc.example.com", rdtype="TXT", outcome="answer", records=records
                )
            ],
            policy_domain="example.com" if dmarc else None,
            records=records,
        ),
    )


def signature(
    domain: str = "example.com", result: str = "pass", signed=("from",)
) -> DkimSignatureFact:
    return DkimSignatureFact(
        domain=domain, selector="s1", result=result, signed_headers=list(signed)
    )  # type: ignore[arg-type]


def spf(result: str, domain: str = "bounce.example.com") -> SpfEvaluation:
    return SpfEvaluation(
        ip="192.0.2.10", domain=domain, sender=f"b@{domain}", result=SpfResult(result)
    )


def run(rule, message_facts: MessageFacts, **options) -> dict[str, Severity]:
    return {f.code: f.severity for f in rule(facts(message_facts, **options), None)}


@pytest.mark.parametrize(
    ("signatures", "spf_result", "expected"),
    [
        ([signature()], None, {"auth.dkim_ok": Severity.OK, "auth.dmarc_ok": Severity.OK}),
        ([], None, {"auth.dkim_none": Severity.WARNING, "auth.dmarc_fail": Severity.CRITICAL}),
        (
            [signature("platform.example")],
            "pass",
            {
                "auth.dkim_unaligned": Severity.WARNING,
                "auth.spf_ok": Severity.OK,
                "auth.dmarc_ok": Severity.OK,
            },
        ),
        (
            [signature(result="body_modified")],
            "softfail",
            {
                "auth.dkim_body_modified": Severity.ERROR,
                "auth.spf_fail": Severity.WARNING,
                "auth.dmarc_fail": Severity.CRITICAL,
            },
        ),
        (
            [signature(result="key_unavailable")],
            "temperror",
            {  # could not check: no DMARC verdict either way
                "auth.dkim_unverified": Severity.WARNING,
                "auth.spf_unverified": Severity.WARNING,
            },
        ),
    ],
)
def test_authentication(signatures, spf_result, expected) -> None:
    message_facts = MessageFacts(
        size=1,
        identities=FROM,
        signatures=signatures,
        spf=spf(spf_result) if spf_result else None,
        spf_domain="bounce.example.com" if spf_result else None,
        spf_source="return-path" if spf_result else None,
    )
    assert run(auth.check, message_facts) == expected


def test_spf_passing_for_another_domain_is_unaligned() -> None:
    message_facts = MessageFacts(
        size=1,
        identities=FROM,
        spf=spf("pass", "bounce.platform.example"),
        spf_domain="bounce.platform.example",
        spf_source="return-path",
    )
    found = run(auth.check, message_facts)
    assert found["auth.spf_unaligned"] is Severity.WARNING
    assert found["auth.dmarc_fail"] is Severity.CRITICAL


@pytest.mark.parametrize(
    ("policy", "severity"), [("none", Severity.WARNING), ("quarantine", Severity.ERROR)]
)
def test_dmarc_failure_follows_the_policy(policy: str, severity: Severity) -> None:
    found = run(auth.check, MessageFacts(size=1, identities=FROM), dmarc=f"v=DMARC1; p={policy}")
    assert found["auth.dmarc_fail"] is severity


@pytest.mark.parametrize(
    ("result", "severity"), [("pass", Severity.INFO), ("fail", Severity.WARNING)]
)
def test_an_arc_chain_says_the_message_was_forwarded(result: str, severity: Severity) -> None:
    message_facts = MessageFacts(
        size=1,
        identities=FROM,
        signatures=[signature()],
        arc=ArcFact(result=result, instances=1, sealers=["forwarder.example"]),  # type: ignore[arg-type]
    )
    assert run(auth.check, message_facts)["auth.arc"] is severity


def hops(*minutes: int) -> list[Hop]:
    moments = [NOON + timedelta(minutes=m) for m in minutes]
    out, previous = [], NOON
    for index, moment in enumerate(moments, start=1):
        out.append(
            Hop(
                index=index,
                by=f"mx{index}.example.net",
                timestamp=moment,
                delay_seconds=(moment - previous).total_seconds(),
            )
        )
        previous = moment
    return out


@pytest.mark.parametrize(
    ("identities", "path", "expected"),
    [
        (FROM, hops(1, 2), set()),
        (FROM, hops(1, 30), {"message.delayed"}),
        (FROM.model_copy(update={"message_id": None}), hops(1), {"message.message_id_missing"}),
        (
            FROM.model_copy(update={"date": None, "date_parsed": None}),
            hops(1),
            {"message.date_missing"},
        ),
        (FROM, hops(20), set()),  # Date 20 minutes before the first hop: within the skew allowed
        (
            FROM.model_copy(update={"date_parsed": NOON + timedelta(hours=1)}),
            hops(1),
            {"message.date_skew"},
        ),
        (
            FROM.model_copy(update={"date_parsed": NOON - timedelta(hours=4)}),
            hops(1),
            {"message.date_skew"},
        ),
        (
            FROM.model_copy(update={"from_addresses": [], "from_domain": None}),
            hops(1),
            {"message.from_missing"},
        ),
        (
            FROM.model_copy(update={"from_addresses": ["a@example.com", "b@example.net"]}),
            hops(1),
            {"message.from_multiple"},
        ),
    ],
)
def test_path_and_identities(identities, path, expected) -> None:
    found = set(run(message.check, MessageFacts(size=1, identities=identities, hops=path)))
    found.discard("message.path")
    assert found == expected


BULK = FROM.model_copy(update={"list_id": "<news.example.com>"})
ONE_CLICK = "List-Unsubscribe=One-Click"


@pytest.mark.parametrize(
    ("identities", "signed", "requested", "expected"),
    [
        (FROM, (), False, set()),
        (FROM, (), True, {"message.bulk", "message.list_unsubscribe_missing"}),
        (BULK, (), False, {"message.bulk", "message.list_unsubscribe_missing"}),
        (
            BULK.model_copy(update={"list_unsubscribe": "<mailto:u@example.com>"}),
            ("from",),
            False,
            {"message.bulk", "message.one_click_missing", "message.list_unsubscribe_unsigned"},
        ),
        (
            BULK.model_copy(
                update={
                    "list_unsubscribe": "<https://example.com/u?id=1>",
                    "list_unsubscribe_post": ONE_CLICK,
                }
            ),
            ("from", "list-unsubscribe", "list-unsubscribe-post"),
            False,
            {"message.bulk"},
        ),
    ],
)
def test_bulk_sender_rules(identities, signed, requested, expected) -> None:
    message_facts = MessageFacts(
        size=1,
        identities=identities,
        signatures=[signature(signed=signed)],
        bulk_requested=requested,
    )
    assert set(run(message.check, message_facts)) == expected


def test_bulk_says_what_made_it_bulk() -> None:
    message_facts = MessageFacts(size=1, identities=BULK.model_copy(update={"precedence": "bulk"}))
    assert message.bulk_reasons(message_facts) == ["List-Id", "Precedence: bulk"]


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        (ContentFacts(has_body=True, has_text_part=True, text_chars=500), set()),
        (ContentFacts(has_body=True, has_html_part=True, html_chars=900), {"content.html_only"}),
        (
            ContentFacts(
                has_body=True,
                has_html_part=True,
                has_text_part=True,
                images=3,
                html_chars=20,
                text_html_similarity=0.9,
            ),
            {"content.image_only"},
        ),
        (
            ContentFacts(
                has_body=True,
                has_html_part=True,
                has_text_part=True,
                html_chars=900,
                text_html_similarity=0.1,
            ),
            {"content.text_html_differ"},
        ),
        (
            ContentFacts(has_body=True, has_text_part=True, shorteners=["bit.ly"]),
            {"content.url_shortener"},
        ),
        (
            ContentFacts(
                has_body=True,
                has_text_part=True,
                mismatched_links=[
                    LinkFact(href_domain="track.example.net", text_domain="example.com")
                ],
            ),
            {"content.link_text_mismatch"},
        ),
        (ContentFacts(subject_capitals=0.9), {"content.subject_shouting"}),
        (ContentFacts(subject_exclamations=3), {"content.subject_shouting"}),
        (
            ContentFacts(has_body=True, has_text_part=True, executable_attachments=["devis.exe"]),
            {"content.executable_attachment"},
        ),
        (
            ContentFacts(has_body=True, has_text_part=True, phrases=["offre exceptionnelle"]),
            {"content.phrases"},
        ),
        (ContentFacts(has_body=False, has_html_part=True), set()),
    ],
)
def test_content(shape: ContentFacts, expected: set[str]) -> None:
    assert set(run(content.check, MessageFacts(size=1, identities=FROM, content=shape))) == expected


def test_content_phrases_are_information_only() -> None:
    shape = ContentFacts(has_body=True, has_text_part=True, phrases=["offres exceptionnelles"])
    found = run(content.check, MessageFacts(size=1, identities=FROM, content=shape))
    assert found == {"content.phrases": Severity.INFO}


def receiving(results=(), verdicts=()) -> ReceiverFacts:
    return ReceiverFacts(receiver="gmail", results=list(results), verdicts=list(verdicts))


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (receiving(), set()),
        (
            receiving(
                [ReceiverResult(header="authentication-results", method="dkim", result="pass")]
            ),
            {"receiver.results"},
        ),
        (
            receiving(
                [ReceiverResult(header="authentication-results", method="dkim", result="fail")]
            ),
            {"receiver.results", "receiver.disagrees"},
        ),
        (
            receiving(
                verdicts=[
                    ReceiverVerdict(
                        header="x-forefront-antispam-report", field="SFV", value="SPM", spam=True
                    )
                ]
            ),
            {"receiver.spam"},
        ),
    ],
)
def test_receiver(said: ReceiverFacts, expected: set[str]) -> None:
    message_facts = MessageFacts(size=1, identities=FROM, signatures=[signature()], receiver=said)
    assert set(run(receiver.check, message_facts)) == expected
