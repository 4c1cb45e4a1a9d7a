"""The submission test as a pipeline run: the support agent's "Test" button for SMTP settings.

    report = await test_submission(SubmissionSettings(host="ssl://smtp.example.com", port=465,
                                                      username="a@example.com", password="…"))

Settings that contradict their port are refused before anything is connected; then the
probe (:mod:`deliverability.smtp`) resolves the host under the address policy and holds
one session, and the SMTP rule turns its facts into findings. ``timeout`` bounds each
step, ``deadline`` the whole test. The report's facts hold the dialogue with the
credentials hidden.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from datetime import UTC, datetime

from deliverability.checks import smtp as smtp_checks
from deliverability.context import Context, Options
from deliverability.diagnosis import Rule, assemble
from deliverability.dns import Resolver
from deliverability.facts import Facts
from deliverability.i18n import check_language
from deliverability.report import Report
from deliverability.smtp._policy import AddressPolicy
from deliverability.smtp._settings import SubmissionSettings
from deliverability.smtp._submission import DEFAULT_DEADLINE, DEFAULT_TIMEOUT, probe_submission
from deliverability.target import Target

RULES: Sequence[Rule] = (smtp_checks.check,)
"""The rules a submission test's facts go through."""


async def test_submission(
    settings: SubmissionSettings,
    *,
    policy: AddressPolicy | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE,
    ca_file: str | None = None,
    lang: str = "en",
    resolver: Resolver | None = None,
) -> Report:
    """Test ``settings``: connect, TLS, EHLO, AUTH, and a message if ``send_to`` is set.

    Never raises for network or server reasons: every outcome is a finding. Raises
    ValueError (before connecting) for an empty or over-long password, a ``timeout`` or
    ``deadline`` that is not a positive number of seconds, a ``ca_file`` that cannot be
    read, or an unknown ``lang``. The password appears nowhere in the report.
    """
    check_language(lang)
    for name, seconds in (("timeout", timeout), ("deadline", deadline)):
        if not (isinstance(seconds, int | float) and math.isfinite(seconds) and seconds > 0):
            raise ValueError(f"{name} must be a positive number of seconds, got {seconds!r}")
    resolver = resolver or Resolver(timeout=min(timeout, DEFAULT_TIMEOUT))
    started_at = datetime.now(UTC)
    started = time.monotonic()
    with resolver.budget(deadline) as budget:
        facts = await probe_submission(
            settings,
            policy=policy or AddressPolicy(),
            resolver=resolver,
            timeout=timeout,
            deadline=deadline,
            ca_file=ca_file,
            lang=lang,
        )
    return assemble(
        Facts.model_construct(submission=facts),
        Context(Target(domain=facts.host), options=Options(deadline=deadline)),
        target=f"{facts.host}:{facts.port}",
        checked_at=started_at,
        started=started,
        dns_queries=budget.queries,
        lang=lang,
        rules=RULES,
        advisors=(),
    )


# pytest would collect a name starting with "test_" imported into a test module.
test_submission.__test__ = False  # type: ignore[attr-defined]
