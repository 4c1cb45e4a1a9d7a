"""Finding codes about the target itself: what was diagnosed when the input was not a plain name."""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

HOST_OF_URL = Code(
    "target.host_of_url",
    Severity.INFO,
    title=N_("Checked {domain}, the host of the web address {url}"),
    detail=N_(
        "A web address was typed, so its host name {domain} is the domain checked. A customer's "
        "mail domain is often the site's domain without www."
    ),
    fix=N_(
        "If the customer's e-mail address ends with another domain, check that address instead."
    ),
)
