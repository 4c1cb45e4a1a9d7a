"""Finding codes of the dkim check: the public keys receivers fetch to verify signatures."""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

OK = Code(
    "dkim.ok",
    Severity.OK,
    title=N_("DKIM key for selector {selector}: {key_type}, {bits} bits"),
    detail=N_("{name} publishes a valid {key_type} key of {bits} bits."),
    references=("RFC 6376 §3.6.1",),
)

MISSING = Code(
    "dkim.missing",
    Severity.ERROR,
    title=N_("No DKIM key for selector {selector}"),
    detail=N_(
        "{name} has no DKIM key ({outcome}), so mail signed with the selector {selector} fails "
        "DKIM: "
        "receivers cannot tie it to {domain}, and it cannot pass DMARC through DKIM."
    ),
    fix=N_(
        "Publish the key at {name}. When a platform signs for you, this is a CNAME to the key "
        "it "
        "publishes (see the recommended changes); otherwise publish the TXT record your mail "
        "service gives you."
    ),
    references=("RFC 6376 §3.6.2.2", "RFC 7489 §3.1.1"),
)

BROKEN_DELEGATION = Code(
    "dkim.broken_delegation",
    Severity.ERROR,
    title=N_("The DKIM CNAME of selector {selector} points nowhere"),
    detail=N_(
        "{name} is a CNAME to {target}, which does not exist, so receivers find no key and "
        "every "
        "signature made with the selector {selector} fails."
    ),
    fix=N_(
        "Correct the CNAME target (look for a typo), or ask whoever manages {target} to "
        "publish the key there."
    ),
    references=("RFC 6376 §3.6.2.2",),
)

SYNTAX = Code(
    "dkim.syntax",
    Severity.ERROR,
    title=N_("The DKIM record of selector {selector} is not usable"),
    detail=N_(
        "{name}: {reason}. Verifiers ignore a key record they cannot read, so every signature "
        "made with "
        "the selector {selector} fails."
    ),
    fix=N_(
        "Publish one TXT record at {name} exactly as your mail service gives it, of the form "
        "v=DKIM1; k=rsa; p=<public key in base64> (a long key is split into several strings of "
        "the same record)."
    ),
    references=("RFC 6376 §3.6.1", "RFC 8301", "RFC 8463"),
)

WEAK_KEY = Code(
    "dkim.weak_key",
    Severity.WARNING,
    title=N_("The DKIM key of selector {selector} is only {bits} bits"),
    detail=N_(
        "{name} holds a {bits}-bit RSA key. Verifiers must reject signatures made with keys "
        "under 1024 "
        "bits, and signers should use 2048 bits (RFC 8301): a short key can be broken and your "
        "mail forged."
    ),
    fix=N_(
        "Generate a 2048-bit key, publish it under a new selector, sign with it, then revoke "
        "the old "
        "selector (publish it with an empty p=)."
    ),
    references=("RFC 8301 §3.2",),
)

TESTING = Code(
    "dkim.testing",
    Severity.WARNING,
    title=N_("The DKIM key of selector {selector} is in testing mode"),
    detail=N_(
        "{name} has t=y: receivers are told the domain is only testing DKIM and treat its mail "
        "as if it "
        "were unsigned, so signing brings no benefit."
    ),
    fix=N_("Once signing works, remove t=y from the record at {name}."),
    references=("RFC 6376 §3.6.1",),
)

REVOKED = Code(
    "dkim.revoked",
    Severity.ERROR,
    title=N_("The DKIM key of selector {selector} is revoked"),
    detail=N_(
        "{name} has an empty p=: the key was withdrawn, and every signature made with the "
        "selector {selector} fails."
    ),
    fix=N_(
        "If mail is still signed with the selector {selector}, publish its current public key "
        "at {name} "
        "(or the CNAME your platform gives); if not, nothing needs doing."
    ),
    references=("RFC 6376 §3.6.1",),
)

KEY_TOO_LARGE = Code(
    "dkim.key_too_large",
    Severity.ERROR,
    title=N_("The DKIM key of selector {selector} is {bits} bits: too large to verify"),
    detail=N_(
        "{name} holds a {bits}-bit RSA key. OpenSSL and BoringSSL, on which most receivers verify "
        "signatures, refuse RSA keys over 16,384 bits, so every signature made with the selector "
        "{selector} fails; RFC 8301 only asks verifiers to handle keys up to 4096 bits."
    ),
    fix=N_(
        "Generate a 2048-bit key (or 4096 bits at most), publish it under a new selector, sign with "
        "it, then revoke the old selector (publish it with an empty p=)."
    ),
    references=(
        "RFC 8301 §3.2",
        "OpenSSL include/openssl/rsa.h: OPENSSL_RSA_MAX_MODULUS_BITS 16384",
    ),
)
