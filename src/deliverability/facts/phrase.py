"""A piece of text in either language: an English template (a catalogue msgid) and its values.

Parsers (SPF, DMARC, DKIM records, targets, platform profiles) say *why* something is wrong
with a :class:`Phrase`, not with an English string, so a finding's sentence that embeds the
reason is rendered whole in the report's language. A value may itself be a phrase (the
SPF "term 3 (character 9): <reason>" wrapper around the reason).
"""

from deliverability._model import Model


class Phrase(Model):
    """A message template (marked ``N_``) with the values filled into it."""

    template: str
    """The English template, a msgid of the catalogue, with named ``{placeholders}``."""
    values: "dict[str, str | int | float | Phrase]" = {}
    """The values: text from the record or input as written, numbers, or nested phrases."""

    def render(self, lang: str) -> str:
        """The text in ``lang`` (English when the template has no translation)."""
        from deliverability.i18n import translator  # the catalogue loads only when needed

        values = {
            key: value.render(lang) if isinstance(value, Phrase) else value
            for key, value in self.values.items()
        }
        return translator(lang)(self.template).format_map(values)

    def __str__(self) -> str:
        return self.render("en")


PhraseValue = str | int | float | Phrase
"""What a phrase's values may be (the type of :attr:`Phrase.values`' items)."""
