"""Finding codes of the requirements check."""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

CODES: tuple[Code, ...] = ()
