"""The provider data files and the pure lookups over them."""

from __future__ import annotations

import pytest

from deliverability import providers


@pytest.mark.parametrize(
    ("domain", "provider_id"),
    (
        ("wanadoo.fr", "orange"),
        ("orange.fr", "orange"),
        ("gmail.com", "gmail"),
        ("googlemail.com", "gmail"),
        ("hotmail.fr", "outlook"),
        ("live.com", "outlook"),
        ("msn.com", "outlook"),
        ("yahoo.fr", "yahoo"),
        ("aol.com", "aol"),
        ("neuf.fr", "sfr"),
        ("free.fr", "free"),
        ("laposte.net", "laposte"),
        ("bbox.fr", "bouygues"),
        ("GMAIL.COM.", "gmail"),  # case and the trailing dot do not matter
    ),
)
def test_for_domain_finds_the_consumer_provider(domain: str, provider_id: str) -> None:
    provider = providers.for_domain(domain)
    assert provider is not None
    assert provider.id == provider_id
    assert provider.kind == "consumer"


@pytest.mark.parametrize(
    "domain",
    ("example.com", "mail.wanadoo.fr", "wanadoo.fr.example", "notgmail.com", "", "."),
)
def test_for_domain_is_none_for_other_domains(domain: str) -> None:
    assert providers.for_domain(domain) is None


@pytest.mark.parametrize(
    ("mx_hostnames", "name"),
    (
        (["smtp.google.com"], "Google Workspace"),
        (["ASPMX.L.GOOGLE.COM.", "alt1.aspmx.l.google.com."], "Google Workspace"),
        (["aspmx2.googlemail.com"], "Google Workspace"),
        (["gmail-smtp-in.l.google.com", "alt1.gmail-smtp-in.l.google.com"], "Gmail"),
        (["example-fr.mail.protection.outlook.com"], "Microsoft 365"),
        (["hotmail-com.olc.protection.outlook.com"], "Outlook.com"),
        (["mx1.mail.ovh.net", "mx2.mail.ovh.net"], "OVHcloud"),
        (["spool.mail.gandi.net", "fb.mail.gandi.net"], "Gandi"),
        (["mx00.ionos.fr", "mx01.ionos.fr"], "IONOS"),
        (["mta-gw.infomaniak.ch"], "Infomaniak"),
        (["mx.zoho.eu", "mx2.zoho.eu"], "Zoho Mail"),
        (["mail.protonmail.ch", "mailsec.protonmail.ch"], "Proton Mail"),
        (["in1-smtp.messagingengine.com"], "Fastmail"),
        (["bonbon.o2switch.net"], "o2switch"),
        (["smtp-in.orange.fr"], "Orange"),
        (["mta5.am0.yahoodns.net"], "Yahoo Mail"),
        (["mx1.free.fr"], "Free"),
        # the first recognised name decides: an unknown filtering gateway in front of Microsoft 365
        (["filter.example.com", "example-com.mail.protection.outlook.com"], "Microsoft 365"),
    ),
)
def test_mailbox_host_recognises_the_service(mx_hostnames: list[str], name: str) -> None:
    assert providers.mailbox_host(mx_hostnames) == name


@pytest.mark.parametrize(
    "mx_hostnames",
    (
        [],
        ["mail.example.com"],
        ["google.com"],  # "*.google.com"-style patterns never match the parent itself
        ["mail.protection.outlook.com"],
        ["aspmx.l.google.com.evil.example"],  # a suffix must end the name, not sit inside it
        ["smtp.google.com.example"],
        ["xmail.ovh.net"],  # "*.mail.ovh.net" needs a dot before "mail"
    ),
)
def test_mailbox_host_is_none_for_unknown_names(mx_hostnames: list[str]) -> None:
    assert providers.mailbox_host(mx_hostnames) is None


def test_mailbox_host_looks_at_a_bounded_number_of_names() -> None:
    unknown = [f"mx{n}.example.com" for n in range(providers.MAX_MX_HOSTS)]
    assert providers.mailbox_host([*unknown, "smtp.google.com"]) is None
    assert providers.mailbox_host([*unknown[:-1], "smtp.google.com"]) == "Google Workspace"
