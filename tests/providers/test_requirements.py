"""What Gmail, Yahoo, Outlook.com and Orange require of senders, judged from the facts.

A fact not gathered is "not checked", never "missing". Severity: error when a requirement for
every sender is missing, warning for bulk-sender ones only, info when nothing is missing but
something could not be checked, ok when all is met.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from deliverability import providers
from deliverability.advice import Platform, load_platform
from deliverability.checks import requirements
from deliverability.codes import requirements as requirement_codes
from deliverability.context import Context
from deliverability.demo import world
from deliverability.facts import (
    BlocklistFacts,
    BlocklistQuery,
    DkimFacts,
    DkimKeyFact,
    DkimRecordFact,
    DkimSelectorFact,
    DmarcFacts,
    Facts,
    HeloFact,
    LookupFact,
    PtrFacts,
    PtrName,
    ReverseDns,
    SpfFacts,
)
from deliverability.facts.blocklist import Role
from deliverability.facts.spf import SpfEvaluation, SpfResult
from deliverability.report import Severity
from deliverability.target import parse_target


def test_healthy_domain_meets_everything_checked(diagnose_for_platform) -> None:
    report = diagnose_for_platform("prov-healthy.test")
    found = {f.code: f for f in report.findings if f.check == "requirements"}
    assert set(found) == {code.code for code in requirement_codes.GENERATED.values()}
    assert {found[code].severity for code in ("requirements.gmail", "requirements.orange")} == {
        Severity.INFO
    }
    gmail = found["requirements.gmail"]
    assert gmail.params["missing_count"] == 0
    # The platform's outgoing TLS and its own envelope domain are not in this domain's DNS.
    assert gmail.params["unchecked"] == ["tls/unseen", "spf/envelope"]
    assert gmail.title == (
        "Gmail: nothing missing; not checked: TLS (not in DNS), SPF passing (on the platform's domain)"
    )
    assert gmail.fix == ""  # nothing for the customer to do
    assert "Of every sender, Gmail requires: SPF or DKIM passing (met, 2024-02-01)" in gmail.detail
    assert "more than 5000 messages a day" in gmail.detail
    assert any(
        "support.google.com/mail/answer/81126" in reference for reference in gmail.references
    )


def test_bare_domain_misses_what_orange_requires_of_everyone(diagnose_for_platform) -> None:
    report = diagnose_for_platform("prov-bare.test")
    found = {f.code: f for f in report.findings if f.check == "requirements"}
    orange, gmail = found["requirements.orange"], found["requirements.gmail"]
    assert orange.severity is Severity.ERROR
    assert orange.params["missing"] == ["dkim", "dmarc", "alignment"]
    assert orange.title == (
        "Orange: 3 missing: DKIM signature, DMARC record, SPF or DKIM aligned with From"
    )
    assert "DKIM signature (missing, 2026-05-15)" in orange.detail
    assert gmail.severity is Severity.WARNING
    assert gmail.title.startswith("Gmail: 3 missing (bulk senders): DKIM signature")
    assert found["requirements.outlook"].params["missing"][0] == "dkim"
    assert "dkim (bulk): missing" in gmail.evidence
    # What other findings already say is referred to, not repeated.
    assert set(gmail.params["see"]) <= report.codes() and "dkim.missing" in gmail.params["see"]
    assert gmail.fix.startswith("Apply the fixes of dkim.missing")


def test_a_receiver_that_publishes_no_threshold_is_not_given_one(diagnose_for_platform) -> None:
    yahoo = next(
        f
        for f in diagnose_for_platform("prov-bare.test").findings
        if f.code == "requirements.yahoo"
    )
    assert "threshold" not in yahoo.params
    assert "messages a day" not in yahoo.detail
    assert "—" not in yahoo.title + yahoo.detail + yahoo.fix


def test_french_report(diagnose_for_platform) -> None:
    report = diagnose_for_platform("prov-bare.test", lang="fr")
    orange = next(f for f in report.findings if f.code == "requirements.orange")
    assert orange.title == (
        "Orange : à faire (3) : signature DKIM, enregistrement DMARC, SPF ou DKIM aligné sur le From"
    )
    assert "signature DKIM (manquant, 2026-05-15)" in orange.detail


@pytest.mark.parametrize(
    "receiver", sorted(requirement_codes.GENERATED), ids=lambda receiver: receiver
)
def test_every_receiver_with_requirements_is_judged(receiver: str) -> None:
    code = requirement_codes.GENERATED[receiver].code
    nothing = {f.code: f for f in requirements.check(Facts(), _context())}
    broken = {
        f.code: f
        for f in requirements.check(
            ALL_MET.model_copy(update={"ptr": _ptr(confirmed=False)}), _context()
        )
    }
    assert nothing[code].severity is Severity.INFO
    assert nothing[code].title.split(":")[0] == providers.by_id(receiver).name  # type: ignore[union-attr]
    assert broken[code].severity is Severity.ERROR  # reverse DNS: every receiver wants it of all
    assert "reverse DNS" in broken[code].title


def test_free_mail_domain_gets_no_requirements(diagnose_for_platform) -> None:
    assert diagnose_for_platform("artisan@wanadoo.fr").codes("requirements") == set()


# Hand-built facts for the pure rule.

DOMAIN = "client.example"
KEY = DkimKeyFact(key_type="rsa", bits=2048, tags={"v": "DKIM1", "p": "MIIB"})


def _lookup(name: str, rdtype: str, outcome: str = "answer", *records: str) -> LookupFact:
    return LookupFact(name=name, rdtype=rdtype, outcome=outcome, records=list(records))  # type: ignore[arg-type]


def _spf(*results: SpfResult, outcome: str = "answer") -> SpfFacts:
    return SpfFacts(
        domain=DOMAIN,
        lookup=_lookup(DOMAIN, "TXT", outcome),
        records=["v=spf1 include:_spf.prov-platform.test -all"] if outcome == "answer" else [],
        platform_results=[
            SpfEvaluation(
                ip="198.51.100.25", domain=DOMAIN, sender=f"postmaster@{DOMAIN}", result=result
            )
            for result in results
        ],
    )


def _dkim(outcome: str = "answer", key: DkimKeyFact | None = KEY) -> DkimFacts:
    name = f"pv1._domainkey.{DOMAIN}"
    record = DkimRecordFact(
        name=name, lookup=_lookup(name, "TXT", outcome), key=key if outcome == "answer" else None
    )
    return DkimFacts(
        domain=DOMAIN,
        selectors=[DkimSelectorFact(selector="pv1", source="platform", record=record)],
    )


def _dmarc(
    record: str | None = "v=DMARC1; p=none; rua=mailto:d@client.example", outcome: str = "answer"
) -> DmarcFacts:
    return DmarcFacts(
        domain=DOMAIN,
        organizational_domain=DOMAIN,
        lookups=[_lookup(f"_dmarc.{DOMAIN}", "TXT", outcome, *([record] if record else []))],
        policy_domain=DOMAIN if record and outcome == "answer" else None,
        records=[record] if record and outcome == "answer" else [],
    )


def _ptr(confirmed: bool = True, outcome: str = "answer", helo: bool = True) -> PtrFacts:
    name = PtrName(
        name="out1.prov-platform.test",
        lookup=_lookup("out1.prov-platform.test", "A"),
        confirmed=confirmed,
    )
    reverse = ReverseDns(
        address="198.51.100.25",
        lookup=_lookup("25.100.51.198.in-addr.arpa", "PTR", outcome),
        names=[name] if outcome == "answer" else [],
    )
    helo_fact = HeloFact(
        name="out1.prov-platform.test",
        lookups=[_lookup("out1.prov-platform.test", "A")],
        addresses=["198.51.100.25"] if helo else [],
    )
    return PtrFacts(addresses=[reverse], helo=helo_fact)


# The example profile, and the same with its envelope sender in the customer's domain (its SPF then
# counts for alignment).
PLATFORM = load_platform(Path(str(world() / "platform.toml")))
OWN_RETURN_PATH = PLATFORM.model_copy(update={"return_path_domain": f"bounce.{DOMAIN}"})


def _context(platform: Platform | None = OWN_RETURN_PATH) -> Context:
    return Context(parse_target(DOMAIN), platform)


def _blocklists(*answers: str, test: str = "127.0.0.2") -> BlocklistFacts:
    """The platform's address asked of Spamhaus ZEN and UCEPROTECT level 3 (``check
    --blocklists``), and ZEN's test entry (which it lists when it answers: ``test``)."""

    def query(list_id: str, subject: str, role: Role, answer: str) -> BlocklistQuery:
        lookup = LookupFact(
            name=f"{subject}.{list_id}.example",
            rdtype="A",
            outcome="answer" if answer else "nxdomain",
            records=[answer] if answer else [],
        )
        return BlocklistQuery(list_id=list_id, subject=subject, role=role, lookup=lookup)

    queries = [
        query(list_id, "192.0.2.25", "platform", answer)
        for list_id, answer in zip(("spamhaus-zen", "uceprotect-3"), answers, strict=False)
    ]
    return BlocklistFacts(queries=[*queries, query("spamhaus-zen", "127.0.0.2", "test", test)])


ALL_MET = Facts(
    spf=_spf(SpfResult.PASS), dkim=_dkim(), dmarc=_dmarc(), ptr=_ptr(), blocklist=_blocklists("")
)


@pytest.mark.parametrize(
    ("facts", "context", "expected"),
    (
        (
            ALL_MET,
            _context(),
            {
                "spf": "met",
                "dkim": "met",
                "spf_or_dkim": "met",
                "dmarc": "met",
                "alignment": "met",
                "ptr": "met",
                "helo": "met",
                "tls": "unchecked",
            },
        ),
        # Nothing gathered: everything "not checked", nothing "missing".
        (
            Facts(),
            _context(),
            dict.fromkeys(
                ("spf", "dkim", "spf_or_dkim", "dmarc", "alignment", "ptr", "helo", "tls"),
                "unchecked",
            ),
        ),
        (
            ALL_MET.model_copy(update={"spf": _spf(SpfResult.SOFTFAIL)}),
            _context(),
            {"spf": "missing"},
        ),
        (
            ALL_MET.model_copy(update={"spf": _spf(SpfResult.TEMPERROR)}),
            _context(),
            {"spf": "unchecked"},
        ),
        (
            ALL_MET.model_copy(update={"spf": _spf(outcome="timeout")}),
            _context(),
            {"spf": "unchecked"},
        ),
        # The platform's own envelope domain: its SPF is not this domain's record.
        (ALL_MET, _context(PLATFORM), {"spf": "unchecked", "dkim": "met", "alignment": "met"}),
        # Without a platform: the domain's own record stands for SPF.
        (
            ALL_MET,
            _context(None),
            {"spf": "met", "dkim": "met", "alignment": "unchecked", "ptr": "met"},
        ),
        (
            ALL_MET.model_copy(update={"spf": _spf(outcome="nxdomain")}),
            _context(None),
            {"spf": "missing"},
        ),
        (
            ALL_MET.model_copy(update={"dkim": _dkim("nxdomain")}),
            _context(),
            {"dkim": "missing", "spf_or_dkim": "met", "alignment": "met"},
        ),
        (ALL_MET.model_copy(update={"dkim": _dkim("servfail")}), _context(), {"dkim": "unchecked"}),
        (
            ALL_MET.model_copy(
                update={"dkim": _dkim(key=KEY.model_copy(update={"revoked": True, "bits": None}))}
            ),
            _context(),
            {"dkim": "missing"},
        ),
        (
            ALL_MET.model_copy(update={"dkim": _dkim("nxdomain"), "spf": _spf(SpfResult.FAIL)}),
            _context(),
            {"spf_or_dkim": "missing", "alignment": "missing"},
        ),
        (
            ALL_MET.model_copy(update={"dmarc": _dmarc(None, "nxdomain")}),
            _context(),
            {"dmarc": "missing"},
        ),
        (
            ALL_MET.model_copy(update={"dmarc": _dmarc("v=DMARC1; p=maybe")}),
            _context(),
            {"dmarc": "missing"},
        ),
        # DKIM signs as the From domain whatever the record's alignment mode: aligned all the same.
        (
            ALL_MET.model_copy(update={"dmarc": _dmarc(None, "timeout")}),
            _context(),
            {"dmarc": "unchecked", "alignment": "met"},
        ),
        (
            ALL_MET.model_copy(
                update={"dmarc": _dmarc(None, "timeout"), "dkim": _dkim("nxdomain")}
            ),
            _context(),
            {"dmarc": "unchecked", "alignment": "met"},
        ),
        # An aligned envelope domain helps only when SPF passes there.
        (
            ALL_MET.model_copy(
                update={"dkim": _dkim("nxdomain"), "spf": _spf(SpfResult.TEMPERROR)}
            ),
            _context(),
            {"spf_or_dkim": "unchecked", "alignment": "unchecked"},
        ),
        (
            Facts(dmarc=_dmarc(), dkim=_dkim("nxdomain")),
            _context(PLATFORM),
            {"alignment": "missing"},
        ),
        (ALL_MET.model_copy(update={"ptr": _ptr(confirmed=False)}), _context(), {"ptr": "missing"}),
        (
            ALL_MET.model_copy(update={"ptr": _ptr(outcome="nxdomain")}),
            _context(),
            {"ptr": "missing"},
        ),
        (
            ALL_MET.model_copy(update={"ptr": _ptr(outcome="timeout")}),
            _context(),
            {"ptr": "unchecked"},
        ),
        (ALL_MET.model_copy(update={"ptr": _ptr(helo=False)}), _context(), {"helo": "missing"}),
        # Blocklists: a listing of the sending address is "missing"; a refusal is "not checked";
        # a list of whole networks (UCEPROTECT level 3) is no verdict on the address.
        (ALL_MET, _context(), {"not_blocklisted": "met"}),
        (
            ALL_MET.model_copy(update={"blocklist": _blocklists("127.0.0.2")}),
            _context(),
            {"not_blocklisted": "missing"},
        ),
        (
            ALL_MET.model_copy(update={"blocklist": _blocklists("127.255.255.254")}),
            _context(),
            {"not_blocklisted": "unchecked"},
        ),
        (
            ALL_MET.model_copy(update={"blocklist": _blocklists("", "127.0.0.2")}),
            _context(),
            {"not_blocklisted": "met"},
        ),
        (
            ALL_MET.model_copy(update={"blocklist": None}),
            _context(),
            {"not_blocklisted": "unchecked"},
        ),
        # The list does not even list its test entry: it is not answering, so "not checked".
        (
            ALL_MET.model_copy(update={"blocklist": _blocklists("", test="")}),
            _context(),
            {"not_blocklisted": "unchecked"},
        ),
    ),
)
def test_judge(facts: Facts, context: Context, expected: dict[str, str]) -> None:
    judged = requirements.judge(facts, context)
    assert {need: requirements.status(judged[need]) for need in expected} == expected  # type: ignore[index]


@pytest.mark.parametrize(
    ("facts", "context", "need", "why"),
    (
        (Facts(), _context(), "spf", "unknown"),
        (ALL_MET, _context(), "tls", "unseen"),
        (ALL_MET, _context(PLATFORM), "spf", "envelope"),
        (ALL_MET.model_copy(update={"spf": _spf(outcome="timeout")}), _context(), "spf", "dns"),
        (ALL_MET.model_copy(update={"dkim": _dkim("servfail")}), _context(), "dkim", "dns"),
        (ALL_MET.model_copy(update={"ptr": _ptr(outcome="timeout")}), _context(), "ptr", "dns"),
    ),
)
def test_not_checked_says_why(facts: Facts, context: Context, need: str, why: str) -> None:
    assert requirements.judge(facts, context)[need] == why  # type: ignore[index]


def _severities(facts: Facts, context: Context) -> dict[str, Severity]:
    """The severity of each receiver the issue names (a new receiver's data file adds a code
    without touching these tables: every code generated from the data is checked apart)."""
    found = {f.code: f.severity for f in requirements.check(facts, context)}
    assert set(found) == {code.code for code in requirement_codes.GENERATED.values()}
    named = (
        "requirements.gmail",
        "requirements.yahoo",
        "requirements.outlook",
        "requirements.orange",
    )
    return {code: found[code] for code in named}


def test_all_met_is_ok_where_everything_can_be_checked() -> None:
    severities = _severities(ALL_MET, _context())
    # Gmail requires TLS, which no DNS record shows: at best "nothing missing among what was checked".
    assert severities == {
        "requirements.gmail": Severity.INFO,
        "requirements.yahoo": Severity.OK,
        "requirements.outlook": Severity.OK,
        "requirements.orange": Severity.OK,
    }


@pytest.mark.parametrize(
    ("facts", "expected"),
    (
        # A bulk-only requirement missing: warning (Gmail, Yahoo, Outlook.com); Orange wants DKIM of everyone.
        (
            ALL_MET.model_copy(update={"dkim": _dkim("nxdomain")}),
            {
                "requirements.gmail": Severity.WARNING,
                "requirements.yahoo": Severity.WARNING,
                "requirements.outlook": Severity.WARNING,
                "requirements.orange": Severity.ERROR,
            },
        ),
        # PTR is required of every sender by all four.
        (
            ALL_MET.model_copy(update={"ptr": _ptr(confirmed=False)}),
            dict.fromkeys(
                (
                    "requirements.gmail",
                    "requirements.yahoo",
                    "requirements.outlook",
                    "requirements.orange",
                ),
                Severity.ERROR,
            ),
        ),
        (
            Facts(),
            dict.fromkeys(
                (
                    "requirements.gmail",
                    "requirements.yahoo",
                    "requirements.outlook",
                    "requirements.orange",
                ),
                Severity.INFO,
            ),
        ),
    ),
)
def test_severity(facts: Facts, expected: dict[str, Severity]) -> None:
    assert _severities(facts, _context()) == expected
