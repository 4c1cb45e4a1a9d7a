"""Facts about the sender address: whose domain it is."""

from deliverability._model import Model


class SenderFacts(Model):
    """The target as a sender: the address, and the consumer mail provider owning its domain."""

    domain: str
    """The domain of the address (or the domain diagnosed)."""
    address: str | None = None
    """The address, when one was given."""
    provider: str | None = None
    """The id of the consumer mail provider owning the domain (``orange`` for wanadoo.fr), if any;
    its data is ``deliverability.providers.by_id(provider)``."""
    provider_name: str | None = None
    """The provider's name as customers know it (``Orange``)."""
