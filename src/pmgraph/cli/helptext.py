"""``--help`` in the user's language: commands' and options' help texts through the catalog.

click reads a command's help (its docstring) and an option's ``help=`` when it formats the
help page; the classes here translate them at that moment with :func:`pmgraph.i18n._`. The
msgid is the English text as click shows it: the docstring after :func:`inspect.cleandoc`
(``\\b`` blocks and example lines included), up to a form feed; an option's ``help=`` as
written. :func:`help_texts` lists them all, for ``scripts/update_catalogs.py`` to extract.
In English nothing changes: the same text, formatted by click itself.

    >>> from pmgraph.cli import main
    >>> from pmgraph.i18n import set_language
    >>> set_language("ja")
    >>> main.commands["show"].get_short_help_str(80)
    '一つのエンティティのすべて: ラベル、定義、種類別の関係、出典。'
    >>> set_language("en")
    >>> main.commands["show"].get_short_help_str(80)
    'Everything about one entity: labels, definition, relations by kind, and sources.'
"""

from __future__ import annotations

import copy
import inspect
import re
from collections.abc import Iterator

import click

from ..i18n import _, language

__all__ = ["HelpInCatalog", "PmgraphCommand", "PmgraphSubgroup", "help_texts", "command_help"]

#: Where a translated first sentence ends (a Japanese full stop, or a period before a space or the end).
_SENTENCE_END = re.compile(r"。|\.(?=\s|$)")


def command_help(command: click.Command) -> str:
    """The English help text of ``command`` as click shows it: the msgid of its translation."""
    return inspect.cleandoc(command.help).partition("\f")[0] if command.help else ""


def _short(text: str, limit: int) -> str:
    """The first sentence of the first paragraph of a translated help, cut with ``…`` to ``limit`` columns."""
    from .output import width
    from .width import truncate

    paragraph = text.partition("\n\n")[0]
    if paragraph.startswith("\b"):
        paragraph = paragraph[1:]
    paragraph = " ".join(paragraph.split())
    end = _SENTENCE_END.search(paragraph)
    sentence = paragraph[:end.end()] if end else paragraph
    return sentence if width(sentence) <= limit else truncate(sentence, max(limit, 1))


class HelpInCatalog:
    """A mixin for click commands: help, short help and options' help in the active language."""

    help: str | None
    short_help: str | None

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if language() == "en" or not self.help:
            return super().format_help_text(ctx, formatter)  # type: ignore[misc]
        shown = copy.copy(self)
        shown.help = _(command_help(self))  # type: ignore[union-attr]
        return super(HelpInCatalog, shown).format_help_text(ctx, formatter)  # type: ignore[misc]

    def get_short_help_str(self, limit: int = 45) -> str:
        if language() == "en" or not (self.short_help or self.help):
            return super().get_short_help_str(limit)  # type: ignore[misc]
        if self.short_help:
            return _(inspect.cleandoc(self.short_help)).strip()
        return _short(_(command_help(self)), limit)  # type: ignore[arg-type]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if language() == "en":
            return super().format_options(ctx, formatter)  # type: ignore[misc]
        shown = copy.copy(self)
        shown.params = [_translated(param) for param in self.params]  # type: ignore[attr-defined]
        return super(HelpInCatalog, shown).format_options(ctx, formatter)  # type: ignore[misc]

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        params = super().get_params(ctx)  # type: ignore[misc]
        return params if language() == "en" else [_translated(param) for param in params]


def _translated(param: click.Parameter) -> click.Parameter:
    """``param`` with its help in the active language (a copy; the command keeps the English)."""
    help_text = getattr(param, "help", None)
    if not help_text:
        return param
    shown = copy.copy(param)
    shown.help = _(help_text)  # type: ignore[attr-defined]
    return shown


class PmgraphCommand(HelpInCatalog, click.Command):
    """A pmgraph command: its help in the active language."""


class PmgraphSubgroup(HelpInCatalog, click.Group):
    """A group under ``pmgraph`` (``import``, ``datasets``): its help and its commands' in the active language."""

    command_class = PmgraphCommand
    group_class = type


def help_texts(command: click.Command) -> Iterator[str]:
    """Every help text of ``command`` and the commands under it, in the order of the help pages."""
    if command.help:
        yield command_help(command)
    if command.short_help:
        yield inspect.cleandoc(command.short_help)
    for param in command.params:
        help_text = getattr(param, "help", None)
        if help_text:
            yield help_text
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from help_texts(command.commands[name])
