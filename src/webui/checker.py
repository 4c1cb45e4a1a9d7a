"""The dashboard's door to the library: one configured way to run checks, nothing decided here.

Views hand a target (or SMTP settings) and a language to :class:`Checker` and render the
:class:`~deliverability.report.Report` it returns. Each check gets a fresh resolver: the
resolver's cache and in-flight merging belong to one event loop, and every request of a
threaded WSGI server runs its own loop (shared reports are what :mod:`webui.permalinks` keeps).
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from deliverability import blocklists
from deliverability.advice.platform import Platform, load_platform
from deliverability.diagnosis import diagnose_sync
from deliverability.dns import Resolver
from deliverability.https import HttpsClient
from deliverability.report import Report
from deliverability.smtp import AddressPolicy, SubmissionSettings, test_submission

if TYPE_CHECKING:
    from deliverability.blocklists import Catalogue


@dataclass(frozen=True, slots=True)
class Checker:
    """Runs diagnoses and SMTP tests with the dashboard's settings."""

    nameservers: tuple[str, ...] = ()
    dns_timeout: float = 5.0
    deadline: float = 20.0
    platform: Platform | None = None
    smtp_timeout: float = 15.0
    smtp_policy: AddressPolicy = AddressPolicy()
    smtp_ca_file: str | None = None
    blocklists: Catalogue | None = None
    """The lists the blocklist option asks (the packaged ones, or a mirror of them)."""
    spamhaus_key: str | None = field(default=None, repr=False)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Checker:
        """Read the app's configuration; raise ValueError or PlatformError on a bad setting."""
        path = config["PLATFORM_FILE"]
        checker = cls(
            nameservers=_nameservers(config["NAMESERVERS"]),
            dns_timeout=float(config["DNS_TIMEOUT"]),
            deadline=float(config["DEADLINE"]),
            platform=load_platform(path) if path else None,
            smtp_timeout=float(config["SMTP_TIMEOUT"]),
            smtp_policy=AddressPolicy(allow_private=bool(config["SMTP_ALLOW_PRIVATE"])),
            smtp_ca_file=config["SMTP_CA_FILE"],
            blocklists=_catalogue(config.get("BLOCKLISTS_MIRROR")),
            spamhaus_key=_key(config.get("SPAMHAUS_KEY")),
        )
        checker.resolver()  # a mistyped nameserver fails at start-up, not at the first check
        if checker.smtp_ca_file:
            ssl.create_default_context(cafile=checker.smtp_ca_file)  # so does an unreadable CA file
        return checker

    def resolver(self) -> Resolver:
        return Resolver(list(self.nameservers) or None, timeout=self.dns_timeout)

    def report(self, target: str, *, lang: str, blocklists: bool = False) -> Report:
        """Diagnose ``target``; raises :class:`deliverability.target.TargetError` for garbage.

        MTA-STS policies and BIMI documents are fetched under the SMTP test's address policy."""
        return diagnose_sync(
            target,
            platform=self.platform,
            resolver=self.resolver(),
            lang=lang,
            deadline=self.deadline,
            blocklists=(self.blocklists or True) if blocklists else False,
            spamhaus_key=self.spamhaus_key if blocklists else None,
            https=HttpsClient(policy=self.smtp_policy, ca_file=self.smtp_ca_file),
        )

    def message(
        self, raw: bytes, *, lang: str, bulk: bool = False, blocklists: bool = True
    ) -> Report:
        """Analyse one message; raises :class:`deliverability.errors.InputError` (too large).

        The blocklists are asked unless told not to, as in ``deliverability message``."""
        from deliverability.message import analyse

        return asyncio.run(
            analyse(
                raw,
                platform=self.platform,
                resolver=self.resolver(),
                bulk=bulk,
                lang=lang,
                deadline=self.deadline,
                blocklists=(self.blocklists or True) if blocklists else False,
                spamhaus_key=self.spamhaus_key,
            )
        )

    def submission(self, settings: SubmissionSettings, *, lang: str) -> Report:
        """Try the SMTP settings under the address policy; the password goes nowhere else.

        The request's deadline bounds the whole test, as it bounds a diagnosis."""
        return asyncio.run(
            test_submission(
                settings,
                policy=self.smtp_policy,
                timeout=self.smtp_timeout,
                deadline=self.deadline,
                ca_file=self.smtp_ca_file,
                lang=lang,
                resolver=self.resolver(),
            )
        )


def blocklists_requested(args: Mapping[str, str]) -> bool:
    """The "also ask DNS blocklists" box of the form (or ``blocklists=1`` in the API): opt-in,
    as in ``check``, because the free lists' terms limit their use (docs/blocklists.md)."""
    return args.get("blocklists") == "1"


def message_blocklists(args: Mapping[str, str]) -> bool:
    """Message analysis asks the blocklists unless the form's "do not ask" box is ticked
    (``no_blocklists=1``) or the API is given ``blocklists=0``."""
    return args.get("no_blocklists") != "1" and args.get("blocklists") != "0"


def _catalogue(mirror: str | None) -> Catalogue | None:
    return blocklists.catalogue().mirrored(mirror) if mirror else None


def _key(key: str | None) -> str | None:
    return blocklists.check_key(str(key)) if key else None


def _nameservers(value: str | Sequence[str]) -> tuple[str, ...]:
    # From the environment a single server may come as a bare string rather than a JSON list.
    return (value,) if isinstance(value, str) else tuple(value)
