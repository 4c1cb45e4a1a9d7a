"""SMTP rules: the MX servers on port 25 (``check --smtp``) and the submission test's verdict.

Pure: the probes in ``deliverability.smtp`` record each session's outcome and the reply
that ended it; these rules read that reply with the table of known replies
(:mod:`deliverability.checks.replies`) and turn it all into findings. On an MX, problems weigh less than on a submission server: senders deliver to
an MX without TLS or with a bad certificate, but a mail program will not log in.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from deliverability.checks.dns import unavailable
from deliverability.codes import finding
from deliverability.codes import smtp as smtp_codes
from deliverability.context import Context
from deliverability.facts import Facts
from deliverability.facts.smtp import Session, SmtpFacts, SubmissionFacts
from deliverability.report import Finding, ParamValue, Severity

EXPIRY_WARNING_DAYS = 14
"""A certificate expiring within this many days is reported (``smtp.cert_expiring``)."""

_OAUTH_MECHANISMS = frozenset({"XOAUTH2", "OAUTHBEARER"})
_MX_SEVERITY = {
    "smtp.address_refused": Severity.INFO,  # the MX check already reports non-public MX addresses
    "smtp.unreachable": Severity.WARNING,
    "smtp.timeout": Severity.WARNING,
    "smtp.deadline": Severity.WARNING,
    "smtp.reply_too_long": Severity.WARNING,
    "smtp.reply_endless": Severity.WARNING,
    "smtp.rejected": Severity.WARNING,
    "smtp.no_starttls": Severity.WARNING,
    "smtp.tls_failed": Severity.WARNING,
    "smtp.cert_invalid": Severity.WARNING,
}


def check(facts: Facts, context: Context) -> list[Finding]:
    found: list[Finding] = []
    if facts.smtp is not None:
        found.extend(mx_findings(facts.smtp, context.domain))
    if facts.submission is not None:
        found.extend(submission_findings(facts.submission))
    return found


def submission_findings(facts: SubmissionFacts) -> list[Finding]:
    """The verdict of a submission test."""
    if facts.expected_mode is not None:
        return [
            finding(
                smtp_codes.TLS_MODE_MISMATCH,
                {"host": facts.host, "port": facts.port, "mode": _typed_mode(facts)},
            )
        ]
    if facts.session is None:
        failed = next((lookup for lookup in facts.lookups if lookup.failed), None)
        if failed is not None:
            return [unavailable(failed, check="smtp")]
        return [
            finding(
                smtp_codes.HOST_UNKNOWN,
                {"host": facts.host},
                evidence=[lookup.describe() for lookup in facts.lookups],
            )
        ]
    return list(_session(facts.session, mode=_typed_mode(facts), deadline=facts.deadline))


def mx_findings(facts: SmtpFacts, domain: str) -> list[Finding]:
    """Findings for the MX sessions: per host, or ``smtp.port25_blocked`` when none connected."""
    tried = [session for session in facts.sessions if session.outcome != "address_refused"]
    invalid = [
        finding(smtp_codes.MX_NAME_INVALID, {"host": name, "domain": domain}, evidence=[name])
        for name in facts.invalid_names
    ]
    refused = [session for session in facts.sessions if session.outcome == "address_refused"]
    found = invalid + [_for_mx(item) for session in refused for item in _session(session, mode="")]
    if tried and all(session.outcome == "unreachable" for session in tried):
        evidence = [
            f"{session.host} [{session.address}]:{session.port}: {session.error}"
            for session in tried
        ]
        found.append(
            finding(
                smtp_codes.PORT25_BLOCKED,
                {"domain": domain, "count": len(tried), "port": facts.port},
                evidence=evidence,
            )
        )
        return found
    for host in dict.fromkeys(session.host for session in tried):
        sessions = [session for session in tried if session.host == host]
        if all(session.outcome == "ok" for session in sessions):
            found.append(_ok(sessions))
            found.extend(_expiring(sessions[0]))
        else:
            found.extend(
                _for_mx(item) for session in sessions for item in _session(session, mode="")
            )
    return found


def _known_reply(session: Session, evidence: Sequence[str]) -> Finding | None:
    """The finding of the table of known replies for the reply that refused a session, if
    the table knows it. The table's module (its models and patterns) is imported with the
    first refusal, so that a check without ``--smtp`` does not load it."""
    if session.reply is None or session.outcome not in ("rejected", "auth_failed", "send_failed"):
        return None
    from deliverability.checks.replies import read_reply, reading_finding

    reading = read_reply(f"{session.reply.code} {session.reply.text}")
    return None if reading is None else reading_finding(reading, evidence=evidence, check="smtp")


def _session(session: Session, *, mode: str, deadline: float | None = None) -> Iterator[Finding]:
    evidence = _evidence(session)
    where: dict[str, ParamValue] = {"host": session.host, "port": session.port}
    outcome = session.outcome
    known = _known_reply(session, evidence)
    if known is not None:
        yield known
    elif outcome == "ok":
        yield _ok([session])
        yield from _expiring(session)
    elif outcome == "address_refused":
        yield finding(
            smtp_codes.ADDRESS_REFUSED,
            {"host": session.host, "address": session.address, "kind": session.address_kind},
            evidence=evidence,
        )
    elif outcome == "unreachable":
        yield finding(
            smtp_codes.UNREACHABLE, {"address": session.address, **where}, evidence=evidence
        )
    elif outcome == "timeout" and session.deadline_reached:
        seconds = _seconds(deadline if deadline is not None else session.timeout)
        yield finding(
            smtp_codes.DEADLINE,
            {"address": session.address, "seconds": seconds, "step": session.step, **where},
            evidence=evidence,
        )
    elif outcome == "reply_too_long":
        yield finding(
            smtp_codes.REPLY_TOO_LONG,
            {"step": session.step, "limit": session.reply_limit or "?", **where},
            evidence=evidence,
        )
    elif outcome == "reply_endless":
        yield finding(
            smtp_codes.REPLY_ENDLESS,
            {"step": session.step, "seconds": _seconds(session.timeout), **where},
            evidence=evidence,
        )
    elif outcome == "timeout":
        yield finding(
            smtp_codes.TIMEOUT,
            {
                "address": session.address,
                "seconds": _seconds(session.timeout),
                "step": session.step,
                **where,
            },
            evidence=evidence,
        )
    elif outcome == "rejected":
        yield finding(
            smtp_codes.REJECTED,
            {"step": session.step, "reply": _reply_text(session), **where},
            evidence=evidence,
        )
    elif outcome == "mode_mismatch":
        yield finding(
            smtp_codes.TLS_MODE_MISMATCH, {"mode": mode or "ssl://", **where}, evidence=evidence
        )
    elif outcome == "tls_failed":
        yield finding(
            smtp_codes.TLS_FAILED, {"reason": _reply_text(session), **where}, evidence=evidence
        )
    elif outcome == "cert_invalid":
        reason = session.tls.error if session.tls is not None else session.error
        yield finding(smtp_codes.CERT_INVALID, {"reason": reason, **where}, evidence=evidence)
    elif outcome == "no_starttls":
        yield finding(smtp_codes.NO_STARTTLS, where, evidence=evidence)
    elif outcome == "auth_not_offered":
        oauth = sorted(_OAUTH_MECHANISMS.intersection(session.auth_mechanisms))
        if oauth:
            yield finding(
                smtp_codes.OAUTH_REQUIRED,
                {"provider": session.host, "reply": "AUTH " + " ".join(session.auth_mechanisms)},
                evidence=evidence,
            )
        else:
            yield finding(
                smtp_codes.AUTH_NOT_OFFERED,
                {"mechanisms": session.auth_mechanisms or ["-"], **where},
                evidence=evidence,
            )
    elif outcome == "auth_failed":
        yield finding(
            smtp_codes.AUTH_FAILED,
            {"provider": session.host, "reply": _reply_text(session)},
            evidence=evidence,
        )
    else:  # send_failed
        yield finding(
            smtp_codes.SEND_FAILED,
            {"host": session.host, "step": session.step, "reply": _reply_text(session)},
            evidence=evidence,
        )


def _ok(sessions: Sequence[Session]) -> Finding:
    """One ``smtp.ok`` for a host whose every address worked."""
    first = sessions[0]
    tls = sorted(
        {
            f"{s.tls.version} ({s.tls.cipher})"
            for s in sessions
            if s.tls is not None and s.tls.version
        }
    )
    days = [s.tls.days_left for s in sessions if s.tls is not None and s.tls.days_left is not None]
    return finding(
        smtp_codes.OK,
        {
            "host": first.host,
            "port": first.port,
            "address": [s.address for s in sessions],
            "latency_ms": max((s.latency_ms or 0) for s in sessions),
            "tls": tls or ["-"],
            "days": min(days) if days else "?",
            "steps": first.steps,
        },
        evidence=[line for session in sessions for line in _evidence(session)],
    )


def _expiring(session: Session) -> Iterator[Finding]:
    tls = session.tls
    if (
        tls is not None
        and tls.days_left is not None
        and tls.not_after is not None
        and tls.days_left <= EXPIRY_WARNING_DAYS
    ):
        yield finding(
            smtp_codes.CERT_EXPIRING,
            {
                "host": session.host,
                "days": tls.days_left,
                "not_after": tls.not_after.date().isoformat(),
            },
            evidence=[f"{session.host}: notAfter {tls.not_after.isoformat()}"],
        )


def _for_mx(item: Finding) -> Finding:
    """An MX problem weighs less: senders still deliver (see the module docstring)."""
    severity = _MX_SEVERITY.get(item.code)
    return (
        item.model_copy(update={"severity": severity})
        if severity and item.severity > severity
        else item
    )


def _evidence(session: Session) -> list[str]:
    lines = [f"{session.host} [{session.address}]:{session.port}"]
    if session.error:
        lines.append(session.error)
    return lines + session.transcript


def _seconds(value: float | None) -> str:
    return f"{value:g}" if value is not None else "?"


def _reply_text(session: Session) -> str:
    if session.reply is not None:
        return f"{session.reply.code} {session.reply.text}"
    return session.error or session.outcome


def _typed_mode(facts: SubmissionFacts) -> str:
    """The security setting as the user gave it (or as the port implied it)."""
    if facts.scheme:
        return f"{facts.scheme}://"
    return "ssl://" if facts.tls_mode == "implicit" else "tls://"
