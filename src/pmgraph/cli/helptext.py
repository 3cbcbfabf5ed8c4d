"""``--help`` in the user's language: commands' and options' help texts through the catalog.

click reads a command's help (its docstring) and an option's ``help=`` when it formats the
help page; the classes here translate them at that moment with :func:`pmgraph.i18n._`. The
msgid is the English text as click shows it: the docstring after :func:`inspect.cleandoc`
(``\\b`` blocks and example lines included), up to a form feed; an option's ``help=`` as
written. :func:`help_texts` lists them all, for ``scripts/update_catalogs.py`` to extract.
In English nothing changes: the same text, formatted by click itself. In Japanese and
Korean, :class:`HelpFormatter` wraps the text by columns (a wide character takes two), at
spaces or between Japanese characters.

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

__all__ = ["HelpInCatalog", "HelpFormatter", "PmgraphCommand", "PmgraphSubgroup", "help_texts", "command_help"]

# The patterns are compiled when help is first shown (re keeps them), not when every command
# imports this module: their wide character classes take milliseconds to compile.
#: Where a translated first sentence ends (a Japanese full stop, or a period before a space or the end).
_SENTENCE_END = r"。|\.(?=\s|$)"
#: Japanese (kana, kanji, full-width punctuation): a line may break between any two of these characters.
_JAPANESE = r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]"
#: Characters that never start a line (they stay at the end of the line before).
_NO_LINE_START = set("。、，．・：；？！）」』】〕ー")
_PIECES = r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]|[^\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]+"


def command_help(command: click.Command) -> str:
    """The English help text of ``command`` as click shows it: the msgid of its translation."""
    return inspect.cleandoc(command.help).partition("\f")[0] if command.help else ""


def _short(text: str, limit: int) -> str:
    """The first sentence of the first paragraph of a translated help, cut with ``…`` to ``limit`` columns."""
    from .output import width
    from .width import ELLIPSIS, truncate

    paragraph = text.partition("\n\n")[0]
    if paragraph.startswith("\b"):
        paragraph = paragraph[1:]
    paragraph = " ".join(paragraph.split())
    end = re.search(_SENTENCE_END, paragraph)
    sentence = paragraph[:end.end()] if end else paragraph
    if width(sentence) <= limit:
        return sentence
    kept = truncate(sentence, max(limit, 1))[:-1]
    cut_word = re.search(r"[\w.:/*$-]+$", kept) if sentence[len(kept):len(kept) + 1].isascii() else None
    if cut_word and cut_word.start() > 0 and not re.search(_JAPANESE, cut_word.group()):
        kept = kept[:cut_word.start()].rstrip()  # no word cut in the middle (a Latin name, a file)
    return kept + ELLIPSIS


def fill(paragraph: str, limit: int) -> list[str]:
    """``paragraph`` (its whitespace collapsed) in lines of at most ``limit`` columns, broken at
    spaces, or between Japanese characters; a word longer than a line is broken anywhere.

    >>> fill("この職種を経由します。繰り返し指定できます。", 24)
    ['この職種を経由します。繰', 'り返し指定できます。']
    >>> fill("이 직무를 거치지 않습니다. 여러 번 지정할 수 있습니다.", 24)
    ['이 직무를 거치지', '않습니다. 여러 번 지정할', '수 있습니다.']
    """
    from .output import width

    lines: list[str] = []
    line = ""
    for word in paragraph.split():
        joined = f"{line} {word}" if line else word
        if width(joined) <= limit:
            line = joined
            continue
        if not re.search(_JAPANESE, word) and width(word) <= limit:
            if line:
                lines.append(line)
            line = word
            continue
        line = f"{line} " if line and width(line) < limit else line
        # a Japanese character, or a run of anything else (a Latin word stays whole if it can)
        for piece in re.findall(_PIECES, word):
            pieces = [piece] if width(piece) <= limit else list(piece)
            for part in pieces:
                if line.strip() and width(line + part) > limit and part[0] not in _NO_LINE_START:
                    lines.append(line.rstrip())
                    line = ""
                line += part
    if line:
        lines.append(line)
    return lines


class HelpFormatter(click.HelpFormatter):
    """click's help formatter, wrapping Japanese and Korean by columns (English: click's own)."""

    def write_text(self, text: str) -> None:
        if language() == "en":
            return super().write_text(text)
        indent = " " * self.current_indent
        paragraphs = []
        for paragraph in text.split("\n\n"):
            if paragraph.startswith("\b\n"):  # click's mark: a block kept as it is (examples)
                lines = paragraph[2:].split("\n")
            else:
                lines = fill(paragraph, max(self.width - self.current_indent, 10))
            paragraphs.append("\n".join(f"{indent}{line}" if line else "" for line in lines))
        self.write("\n\n".join(paragraphs) + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:  # noqa: ANN001
        if language() == "en":
            return super().write_dl(rows, col_max, col_spacing)
        from .output import width

        rows = list(rows)
        first_col = min(max((width(first) for first, _second in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = fill(second, max(self.width - first_col - 2, 10)) or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class HelpContext(click.Context):
    """A click context whose help pages are formatted by :class:`HelpFormatter`."""

    formatter_class = HelpFormatter


class HelpInCatalog:
    """A mixin for click commands: help, short help and options' help in the active language."""

    context_class = HelpContext
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


def _translated(param: click.Parameter) -> click.Parameter:
    """``param`` with its help in the active language (a copy; the command keeps the English)."""
    help_text = getattr(param, "help", None)
    if not help_text:
        return param
    shown = copy.copy(param)
    shown.help = _(help_text)  # type: ignore[attr-defined]
    if isinstance(getattr(param, "show_default", None), str):  # a default told in words
        shown.show_default = _(param.show_default)  # type: ignore[attr-defined]
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
        if isinstance(getattr(param, "show_default", None), str):
            yield param.show_default  # type: ignore[attr-defined]
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from help_texts(command.commands[name])
