"""Finding codes of the smtp check (MX servers on port 25, submission tests with a login)
and of pasted bounces (``deliverability explain``).

Codes a server reply can lead to (through ``smtp/replies.toml``) take only ``{provider}``
and ``{reply}``: the same finding comes from a submission test and from a pasted bounce.
"""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

_SUBMISSION = "RFC 6409"
_IMPLICIT_TLS = "RFC 8314 §3.3"
_STARTTLS = "RFC 3207"
_AUTH = "RFC 4954"
_STATUS = "RFC 3463"

# -- connecting ---------------------------------------------------------------------------
OK = Code(
    "smtp.ok",
    Severity.OK,
    title=N_("{host} port {port} works"),
    detail=N_(
        "Connected to {address} in {latency_ms} ms with {tls}; the certificate is valid for "
        "{days} more days. Steps that succeeded: {steps}."
    ),
    references=(_SUBMISSION, _STARTTLS),
)

ADDRESS_REFUSED = Code(
    "smtp.address_refused",
    Severity.ERROR,
    title=N_("Not connecting to {host}: {address} is not a public address"),
    detail=N_(
        "{host} resolves to {address}, an address of the {kind} range. Such addresses are "
        "never a mailbox provider's server, and this tool does not connect to them on a "
        "user's behalf, so the internal machines of the network it runs in stay out of reach."
    ),
    fix=N_(
        "Use the server name the mailbox provider documents. An administrator testing an "
        "internal server from the command line can allow private addresses (--allow-private)."
    ),
)

HOST_UNKNOWN = Code(
    "smtp.host_unknown",
    Severity.ERROR,
    title=N_("The server {host} does not exist"),
    detail=N_("{host} has no address in DNS, so no mail program can reach it."),
    fix=N_("Check the spelling of the server name against the mailbox provider's help page."),
)

UNREACHABLE = Code(
    "smtp.unreachable",
    Severity.ERROR,
    title=N_("Cannot connect to {host} port {port}"),
    detail=N_(
        "The connection to {address} port {port} was refused or never answered, so nothing "
        "could be tested: the server does not accept connections on this port, or a firewall "
        "on the way blocks it."
    ),
    fix=N_(
        "Check the server name and the port against the provider's settings (submission uses "
        "465 or 587). If they are right, try from another network: many networks block "
        "outgoing mail ports."
    ),
    references=(_SUBMISSION,),
)

PORT25_BLOCKED = Code(
    "smtp.port25_blocked",
    Severity.INFO,
    title=N_("Port 25 seems blocked from here"),
    detail=N_(
        "None of the {count} addresses of {domain}'s MX servers accepted a connection on port "
        "{port} from where this check ran. Many networks (home connections, cloud hosts) block "
        "outgoing port 25, so this says nothing about {domain}'s servers."
    ),
    fix=N_(
        "To test the MX servers, run the check from a machine allowed to connect out on port 25."
    ),
    references=("RFC 5321 §5.1",),
)

TIMEOUT = Code(
    "smtp.timeout",
    Severity.ERROR,
    title=N_("{host} port {port} stopped answering"),
    detail=N_(
        "The connection to {address} was open, but the server said nothing for {seconds} "
        "seconds at step {step}. A server that expects TLS from the first byte (port 465) "
        "stays silent while the client waits for a plain-text greeting."
    ),
    fix=N_(
        "If the provider documents TLS from the first byte (SSL/TLS) for this port, type the "
        "server as ssl://{host}. Otherwise the server is overloaded or down: try again later."
    ),
    references=(_IMPLICIT_TLS,),
)

DEADLINE = Code(
    "smtp.deadline",
    Severity.ERROR,
    title=N_("{host} port {port} is too slow: the test stopped after {seconds} seconds"),
    detail=N_(
        "Each reply of {address} came within the time one step may take, but the whole test "
        "may take {seconds} seconds and was still at step {step} when that time ran out. A "
        "mail program gives up on a server this slow too."
    ),
    fix=N_(
        "Try again later: the server is overloaded. If it stays this slow, ask the mailbox "
        "provider about it."
    ),
)

REPLY_TOO_LONG = Code(
    "smtp.reply_too_long",
    Severity.ERROR,
    title=N_("{host} port {port} sent a reply longer than {limit} bytes"),
    detail=N_(
        "At step {step}, the server's reply exceeded {limit} bytes without ending (the SMTP "
        "standard limits a reply line to 512 bytes). No mail program can talk to a server "
        "that does this: it is broken, or it is not an SMTP server."
    ),
    fix=N_(
        "Check the server name and port against the mailbox provider's help page; if they "
        "are right, the server is faulty."
    ),
    references=("RFC 5321 §4.5.3.1.5",),
)

REPLY_ENDLESS = Code(
    "smtp.reply_endless",
    Severity.ERROR,
    title=N_("{host} port {port} kept sending a reply without ending it"),
    detail=N_(
        "At step {step}, the server kept sending a reply for {seconds} seconds without ending "
        "it (every line announced another one). No mail program can talk to a server that "
        "does this: it is broken, or it is not an SMTP server."
    ),
    fix=N_(
        "Check the server name and port against the mailbox provider's help page; if they "
        "are right, the server is faulty."
    ),
    references=("RFC 5321 §4.2.1",),
)

MX_NAME_INVALID = Code(
    "smtp.mx_name_invalid",
    Severity.WARNING,
    title=N_("The MX {host} of {domain} is not a name a server can have"),
    detail=N_(
        "{domain} sends its mail to {host}, a name with characters no host name has (shown "
        "escaped) or a label longer than 63 characters once written out. No sender can "
        "connect to it by name or check a certificate for it, so it was not tested."
    ),
    fix=N_(
        "Replace this MX record with the name of the domain's real mail server (letters, "
        "digits and hyphens only)."
    ),
    references=("RFC 5321 §2.3.5", "RFC 1123 §2.1"),
)

REJECTED = Code(
    "smtp.rejected",
    Severity.ERROR,
    title=N_("{host} refused the connection"),
    detail=N_("{host} port {port} refused to go on at step {step}: {reply}"),
    fix=N_(
        "The reply says why. A refusal at the greeting usually means the server does not "
        "accept connections from this network; check the provider's settings and try again "
        "from the network the mail program uses."
    ),
    references=("RFC 5321 §3.1",),
)

# -- TLS ------------------------------------------------------------------------------------
TLS_MODE_MISMATCH = Code(
    "smtp.tls_mode_mismatch",
    Severity.ERROR,
    title=N_("The security setting does not match port {port}"),
    detail=N_(
        "{host} was given as {mode} with port {port}. Port 465 uses TLS from the first byte "
        '("SSL/TLS", ssl://); ports 587 and 25 start in plain text and switch to TLS with '
        'STARTTLS ("STARTTLS", tls://). With the wrong pair the connection hangs or fails '
        "before the login."
    ),
    fix=N_("Use ssl://{host} with port 465, or tls://{host} with port 587."),
    references=(_IMPLICIT_TLS, _STARTTLS),
)

NO_STARTTLS = Code(
    "smtp.no_starttls",
    Severity.ERROR,
    title=N_("{host} port {port} offers no encryption (no STARTTLS)"),
    detail=N_(
        "The server's EHLO reply does not offer STARTTLS, so everything sent to it would "
        "cross the network in clear text. No password is ever sent over such a connection, "
        "and large receivers flag mail that reaches them unencrypted."
    ),
    fix=N_(
        "For a mail program, use the provider's encrypted settings (port 465 with ssl://, or "
        "587). For a receiving (MX) server, its administrator must turn on STARTTLS with a "
        "valid certificate."
    ),
    references=(_STARTTLS, "RFC 8314"),
)

TLS_FAILED = Code(
    "smtp.tls_failed",
    Severity.ERROR,
    title=N_("The encrypted connection with {host} failed"),
    detail=N_(
        "The TLS handshake with {host} port {port} failed: {reason}. The server and this tool "
        "share no protocol version or cipher, or the server broke the handshake off."
    ),
    fix=N_(
        "Check the port and the security setting against the provider's documentation. If "
        "the server is yours, it must support TLS 1.2 or later."
    ),
    references=("RFC 8996", _STARTTLS),
)

CERT_INVALID = Code(
    "smtp.cert_invalid",
    Severity.ERROR,
    title=N_("The certificate of {host} is not valid"),
    detail=N_(
        "The certificate that {host} presented failed verification: {reason}. Mail programs "
        "refuse to send a password over such a connection, since anyone on the way could be "
        "pretending to be the server."
    ),
    fix=N_(
        "An expired certificate, or one issued for another name, must be renewed or replaced "
        "by the server's administrator. If the name typed is an alias, use the name the "
        "provider documents. For a private server signed by your own authority, add that "
        "authority (--ca-file)."
    ),
    references=("RFC 6125", "RFC 8314 §4.1"),
)

CERT_EXPIRING = Code(
    "smtp.cert_expiring",
    Severity.WARNING,
    title=N_("The certificate of {host} expires in {days} days"),
    detail=N_(
        "The certificate is valid today but expires on {not_after}; from then on, mail "
        "programs refuse to connect and senders that require TLS stop delivering."
    ),
    fix=N_(
        "The server's administrator must renew the certificate before {not_after} "
        "(automate it if possible)."
    ),
    references=("RFC 5280 §4.1.2.5",),
)

STARTTLS_REQUIRED = Code(
    "smtp.starttls_required",
    Severity.ERROR,
    title=N_("The server requires encryption first"),
    detail=N_(
        "The reply {reply} ({provider}) means the mail program sent a command before turning "
        "encryption on: the server accepts nothing in clear text."
    ),
    fix=N_(
        "Set the security of the outgoing server to STARTTLS with port 587, or to SSL/TLS "
        'with port 465; never "none".'
    ),
    references=(_STARTTLS,),
)

# -- login ----------------------------------------------------------------------------------
AUTH_NOT_OFFERED = Code(
    "smtp.auth_not_offered",
    Severity.ERROR,
    title=N_("{host} port {port} offers no password login"),
    detail=N_(
        "Over the encrypted connection, the server offers no login by password (AUTH PLAIN or "
        "LOGIN); it offers: {mechanisms}. Port 25 is for servers delivering to each other, "
        "and it rarely takes a login."
    ),
    fix=N_("Use the provider's submission settings: port 465 (ssl://) or 587 (tls://)."),
    references=(_AUTH, _SUBMISSION),
)

AUTH_FAILED = Code(
    "smtp.auth_failed",
    Severity.ERROR,
    title=N_("The login was refused"),
    detail=N_(
        "The reply {reply} ({provider}) means the user name or the password is wrong, or the "
        "password was changed or revoked since it was saved."
    ),
    fix=N_(
        "Use the full address as the user name unless the provider says otherwise, paste the "
        "password again (an app password where the provider uses them: a new one if the "
        "account password changed), and check in the provider's webmail that the account is "
        "not locked."
    ),
    references=(_AUTH,),
)

APP_PASSWORD_REQUIRED = Code(
    "smtp.app_password_required",
    Severity.ERROR,
    title=N_("{provider} requires an app password"),
    detail=N_(
        "The reply {reply} means {provider} refuses the account's normal password in mail "
        "programs. It takes only an app password: a separate 16-character password made for "
        "one program, which needs 2-step verification on the account."
    ),
    fix=N_(
        "In the account's security settings, turn on 2-step verification, create an app "
        "password, and use it here instead of the normal password (the spaces shown inside it "
        "do not matter). Changing the account password later revokes it."
    ),
    references=(_AUTH,),
)

OAUTH_REQUIRED = Code(
    "smtp.oauth_required",
    Severity.ERROR,
    title=N_("{provider} no longer accepts passwords from mail programs"),
    detail=N_(
        "The reply {reply} means {provider} has switched basic authentication off: neither "
        "the account password nor an app password works, only an OAuth2 sign-in. For "
        "Outlook.com (hotmail, live, msn) this has been so since 16 September 2024."
    ),
    fix=N_(
        'Connect the mailbox through an OAuth2 sign-in ("Sign in with Microsoft") if the '
        "platform offers it. Otherwise send from the platform's own address, with the "
        "customer's address as Reply-To."
    ),
    references=(_AUTH,),
)

AUTH_THROTTLED = Code(
    "smtp.auth_throttled",
    Severity.WARNING,
    title=N_("Too many login attempts"),
    detail=N_(
        "The reply {reply} ({provider}) means the server stopped accepting logins for this "
        "account for a while, after too many attempts (often with a wrong password)."
    ),
    fix=N_(
        "Wait an hour before trying again, and make sure every program using this "
        "account has the new password."
    ),
    references=(_AUTH,),
)

# -- sending --------------------------------------------------------------------------------
SEND_FAILED = Code(
    "smtp.send_failed",
    Severity.ERROR,
    title=N_("The test message was refused"),
    detail=N_("The login worked, but {host} refused the test message at step {step}: {reply}"),
    fix=N_(
        "Check the recipient address, and that the account may send as its own address; the "
        "server's reply gives the reason."
    ),
    references=("RFC 5321 §4.2",),
)

SENDING_LIMIT = Code(
    "smtp.sending_limit",
    Severity.ERROR,
    title=N_("The account reached its sending limit"),
    detail=N_(
        "The reply {reply} ({provider}) means this mailbox has sent as many messages as it may "
        "in a day (about 500 recipients a day for a personal Gmail account)."
    ),
    fix=N_(
        "Wait until the next day. A mailbox is not made for volume: send quotes and "
        "alerts from "
        "the platform's own address, with the customer's address as Reply-To."
    ),
)

# -- pasted bounces ---------------------------------------------------------------------------
BOUNCE_UNAUTHENTICATED = Code(
    "bounce.unauthenticated",
    Severity.CRITICAL,
    title=N_("Refused: the sender is not authenticated"),
    detail=N_(
        "The reply {reply} ({provider}) means neither SPF nor DKIM passed for this message. "
        "Since 2024, Gmail, Yahoo and Outlook.com refuse mail that passes neither."
    ),
    fix=N_(
        "Authorise the sending platform in the sender domain's SPF record and have it sign "
        "with DKIM for that domain (run `deliverability check` on the sender's domain)."
    ),
    references=("RFC 7208", "RFC 6376"),
)

BOUNCE_DMARC_REJECT = Code(
    "bounce.dmarc_reject",
    Severity.CRITICAL,
    title=N_("Refused by the sender domain's DMARC policy"),
    detail=N_(
        "The reply {reply} ({provider}) means the From: domain publishes a DMARC policy that "
        "asks for failing mail to be refused, and neither SPF nor DKIM passed aligned with it. "
        "It is what happens when a platform sends as @yahoo.fr or @laposte.net."
    ),
    fix=N_(
        "Never send as a free-mail address through the platform. Send from the platform's own "
        "domain with the customer's address as Reply-To, or, for a customer's own domain, sign "
        "with DKIM for that domain."
    ),
    references=("RFC 7489 §6.6",),
)

BOUNCE_POLICY = Code(
    "bounce.policy",
    Severity.CRITICAL,
    title=N_("Refused for policy reasons"),
    detail=N_(
        "The reply {reply} ({provider}) is a refusal for policy reasons: most often a DMARC "
        "failure of a From: domain that publishes p=reject, otherwise the content of the "
        "message."
    ),
    fix=N_(
        "Check the From: domain (`deliverability check` on it): a free-mail or p=reject "
        "domain must not be sent as through the platform. If authentication passes, review "
        "the content and the links."
    ),
    references=("RFC 7489",),
)

BOUNCE_SENDER_DNS = Code(
    "bounce.sender_dns",
    Severity.CRITICAL,
    title=N_("The sender's domain could not be verified in DNS"),
    detail=N_(
        "The reply {reply} ({provider}) means the receiving server could not resolve the "
        "sender's domain (envelope or From:): it has no usable DNS records, or its name "
        "servers did not answer."
    ),
    fix=N_(
        "Check that the sender domain exists and that its name servers answer (SOA, MX or A, "
        "TXT) with `deliverability check`; a temporary reply is retried once DNS answers."
    ),
    references=("RFC 5321 §2.3.5",),
)

BOUNCE_SPF_FAIL = Code(
    "bounce.spf_fail",
    Severity.CRITICAL,
    title=N_("Refused: SPF does not authorise the sending server"),
    detail=N_(
        "The reply {reply} ({provider}) means the sender domain's SPF record does not list "
        "the server that sent the message, or contains entries the receiver distrusts."
    ),
    fix=N_(
        "Add the sending platform's include to the sender domain's SPF record, keep a single "
        "record under 10 DNS lookups, and remove over-broad entries such as +all."
    ),
    references=("RFC 7208",),
)

BOUNCE_DKIM_FAIL = Code(
    "bounce.dkim_fail",
    Severity.CRITICAL,
    title=N_("Refused: no valid DKIM signature"),
    detail=N_(
        "The reply {reply} ({provider}) means the message carried no DKIM signature that verified."
    ),
    fix=N_(
        "Have the platform sign with DKIM for the sender domain and publish the key it gives "
        "(a CNAME or TXT record under _domainkey)."
    ),
    references=("RFC 6376",),
)

BOUNCE_DMARC_MISSING = Code(
    "bounce.dmarc_missing",
    Severity.CRITICAL,
    title=N_("Refused: the sender domain has no DMARC record"),
    detail=N_(
        "The reply {reply} ({provider}) means the receiver requires a DMARC record from this "
        "sender (bulk senders at Gmail) and found none."
    ),
    fix=N_(
        'Publish a DMARC record, for a start: _dmarc.<domain> TXT "v=DMARC1; p=none; rua=mailto:…".'
    ),
    references=("RFC 7489",),
)

BOUNCE_NOT_ALIGNED = Code(
    "bounce.not_aligned",
    Severity.CRITICAL,
    title=N_("Refused: the From: domain is not aligned"),
    detail=N_(
        "The reply {reply} ({provider}) means the From: domain matches neither the domain "
        "that passed SPF nor the one that signed with DKIM."
    ),
    fix=N_(
        "Sign with DKIM for the From: domain (d= the same organisational domain), or use a "
        "Return-Path in that domain."
    ),
    references=("RFC 7489 §3.1",),
)

BOUNCE_BULK_REQUIREMENTS = Code(
    "bounce.bulk_requirements",
    Severity.CRITICAL,
    title=N_("Refused: the domain does not meet the requirements for high-volume senders"),
    detail=N_(
        "The reply {reply} ({provider}) means the domain sends in volume (over 5,000 messages "
        "a day to Outlook.com) without passing SPF, DKIM and an aligned DMARC."
    ),
    fix=N_(
        "Make SPF and DKIM pass for the From: domain and publish DMARC (at least p=none) "
        "aligned with them."
    ),
    references=("RFC 7489",),
)

BOUNCE_PTR = Code(
    "bounce.ptr",
    Severity.CRITICAL,
    title=N_("Refused: the sending server has no valid reverse DNS"),
    detail=N_(
        "The reply {reply} ({provider}) means the sending IP address has no PTR record, or "
        "its PTR name does not resolve back to the same address."
    ),
    fix=N_(
        "The owner of the sending IP (the platform or its host) must publish a PTR record "
        "whose name resolves back to that IP."
    ),
    references=("RFC 8499 §7",),
)

BOUNCE_NO_TLS = Code(
    "bounce.no_tls",
    Severity.CRITICAL,
    title=N_("Refused: the message was not sent over TLS"),
    detail=N_(
        "The reply {reply} ({provider}) means the receiver requires an encrypted "
        "(STARTTLS) connection."
    ),
    fix=N_("Make the sending server use STARTTLS when delivering."),
    references=(_STARTTLS,),
)

BOUNCE_RATE_LIMITED = Code(
    "bounce.rate_limited",
    Severity.WARNING,
    title=N_("Slowed down by the receiver"),
    detail=N_(
        "The reply {reply} ({provider}) means the receiver limits how fast it accepts mail "
        "from this sender: too many connections or messages at once, or a reputation that "
        "calls for caution."
    ),
    fix=N_(
        "Send more slowly: fewer simultaneous connections and messages per connection, and "
        "retry later with a growing delay. If it persists, check the sender's authentication "
        "and complaint rate."
    ),
    references=(_STATUS,),
)

BOUNCE_BLOCKED = Code(
    "bounce.blocked",
    Severity.CRITICAL,
    title=N_("The sending server is blocked by {provider}"),
    detail=N_(
        "The reply {reply} ({provider}) means the receiver blocks the sending IP address or "
        "network: after spam, an open relay, a compromised host, or a reputation too low."
    ),
    fix=N_(
        "The owner of the sending IP must find the cause, then ask {provider} to lift the "
        "block through its postmaster site."
    ),
)

BOUNCE_BLOCKLISTED = Code(
    "bounce.blocklisted",
    Severity.CRITICAL,
    title=N_("Refused: the sender is on a public blocklist"),
    detail=N_(
        "The reply {reply} ({provider}) means the sending IP address (or the sender domain) "
        "is on a blocklist the receiver uses (Spamhaus, Abusix, Cloudmark …)."
    ),
    fix=N_(
        "Look the address up on the blocklist's site, fix the cause, and request removal there."
    ),
)

BOUNCE_REPUTATION = Code(
    "bounce.reputation",
    Severity.CRITICAL,
    title=N_("Refused as probable spam"),
    detail=N_(
        "The reply {reply} ({provider}) means the receiver judged the message unwanted, from "
        "its content, its links, the complaints about the sender, or the sender's reputation."
    ),
    fix=N_(
        "Make sure authentication passes, send only to people who asked for the mail, keep "
        "complaints below 0.1 %, and review the content and links."
    ),
)

BOUNCE_DYNAMIC_IP = Code(
    "bounce.dynamic_ip",
    Severity.CRITICAL,
    title=N_("Refused: sent from a home connection"),
    detail=N_(
        "The reply {reply} ({provider}) means the message came from a dynamic or residential "
        "IP address, which receivers do not accept mail from directly."
    ),
    fix=N_(
        "Send through the mailbox provider's submission server or the platform, not "
        "straight from the local network."
    ),
)

BOUNCE_FORMAT = Code(
    "bounce.format",
    Severity.CRITICAL,
    title=N_("Refused: the message is malformed"),
    detail=N_(
        "The reply {reply} ({provider}) means the message breaks the message format (RFC "
        "5322): a missing or repeated From:, no Message-ID, or the like."
    ),
    fix=N_("The sending software must produce exactly one From:, a Date and a Message-ID."),
    references=("RFC 5322 §3.6",),
)

BOUNCE_HELO = Code(
    "bounce.helo",
    Severity.CRITICAL,
    title=N_("Refused: the sending server's name (HELO) is invalid"),
    detail=N_(
        "The reply {reply} ({provider}) means the name the sending server gave in HELO/EHLO "
        "is not a full domain name, or does not resolve."
    ),
    fix=N_(
        "Make the sending server introduce itself with a full host name that resolves to "
        "its IP address."
    ),
    references=("RFC 5321 §4.1.1.1",),
)

BOUNCE_BAD_ADDRESS = Code(
    "bounce.bad_address",
    Severity.ERROR,
    title=N_("The recipient's address does not exist"),
    detail=N_(
        "The reply {reply} ({provider}) means the mailbox does not exist, has been disabled, "
        "or no longer accepts mail."
    ),
    fix=N_(
        "Check the address with the recipient, and remove it from the lists if it stays invalid."
    ),
    references=(_STATUS,),
)

BOUNCE_MAILBOX_FULL = Code(
    "bounce.mailbox_full",
    Severity.WARNING,
    title=N_("The recipient's mailbox is full"),
    detail=N_("The reply {reply} ({provider}) means the mailbox is over its quota."),
    fix=N_("Reach the recipient another way so they free some space; send again later."),
    references=(_STATUS,),
)

BOUNCE_UNKNOWN = Code(
    "bounce.unknown",
    Severity.INFO,
    title=N_("Reply {reply} is not in the table of known replies"),
    detail=N_(
        "A reply code starting with 4 is temporary (the sending server retries by itself); "
        "one starting with 5 is final. The text after the code gives the receiver's reason."
    ),
    fix=N_(
        "Search the receiver's postmaster pages for the reply code, and check the sender "
        "domain's authentication with `deliverability check`."
    ),
    references=(_STATUS, "RFC 5321 §4.2.1"),
)

BOUNCE_NO_REPLY = Code(
    "bounce.no_reply",
    Severity.INFO,
    title=N_("No SMTP reply found in the text"),
    detail=N_(
        "The text holds no SMTP reply code (three digits such as 550, often followed by "
        "one such as 5.7.26)."
    ),
    fix=N_(
        "Paste the line of the bounce message that starts with the reply code, usually after "
        '"said:" or "Remote server returned".'
    ),
    references=("RFC 3464",),
)
