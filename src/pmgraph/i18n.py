"""The CLI's own words in the user's language: standard gettext catalogs (domain ``pmgraph``).

The catalogs live in ``pmgraph/locale/{ja,ko}/LC_MESSAGES/pmgraph.po`` (compiled ``.mo``
beside them, shipped in the wheel); ``docs/i18n.md`` says how to extract and update them.
Data (labels, definitions) is translated by the graph itself; this module translates only
pmgraph's own words: headings, notes, messages and errors.

* :func:`_` and :func:`ngettext` translate into the active language (:func:`set_language`).
* :func:`N_` only marks a string for extraction (a constant translated where it is shown).
* :class:`Message` is a ``str`` that reads as English — what JSON, library callers and
  tests see — and remembers its template and values, so that the CLI can show it in the
  active language with :func:`localize`. Library reports and errors build their notes with it.

    >>> set_language("ja")
    >>> note = Message("{role} has no {kinds} recorded in the sources", role="CTO",
    ...                kinds=OrList([Message("skills"), Message("tools")]))
    >>> str(note)
    'CTO has no skills or tools recorded in the sources'
    >>> localize(note)
    'CTO には、出典に記録されたスキルまたはツールがありません'
    >>> set_language("en")
"""

from __future__ import annotations

import contextlib
import gettext
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["LANGUAGES", "DOMAIN", "LOCALE_DIR", "_", "N_", "ngettext", "set_language", "language",
           "language_from_env", "Message", "PluralMessage", "AndList", "OrList", "CommaList", "SemicolonList",
           "SlashList", "localize", "click_words"]

#: The languages the CLI speaks (English is the msgid language: no catalog).
LANGUAGES = ("en", "ja", "ko")
DOMAIN = "pmgraph"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_active: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(lang: str) -> None:
    """Make ``lang`` (``en``, ``ja`` or ``ko``) the language :func:`_` translates into."""
    global _active, _language
    _language = lang if lang in LANGUAGES else "en"
    _active = gettext.translation(DOMAIN, LOCALE_DIR, languages=[_language], fallback=True)


def language() -> str:
    """The active language (``en`` until :func:`set_language` says otherwise)."""
    return _language


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale asks for, as gettext reads it (``LANGUAGE``, ``LC_ALL``,
    ``LC_MESSAGES``, ``LANG``: the first one set), if pmgraph speaks it; else ``en``.

    >>> language_from_env({"LANG": "ko_KR.UTF-8"}), language_from_env({"LANGUAGE": "fr:ja", "LANG": "C"})
    ('ko', 'ja')
    >>> language_from_env({"LC_ALL": "C.UTF-8", "LANG": "ja_JP.UTF-8"})
    'en'
    """
    environ = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if not value:
            continue
        for entry in value.split(":"):
            code = entry.split(".")[0].split("@")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
        return "en"
    return "en"


@contextlib.contextmanager
def click_words() -> Iterator[None]:
    """Meanwhile, click's own words (``Usage:``, ``Options:``, ``No such option``...) come from
    pmgraph's catalog in the active language.

    click looks its words up with :func:`gettext.gettext` (the global text domain, in the
    language of the ``LANGUAGE`` variable); both are set to pmgraph's and restored after.
    """
    domain, saved = gettext.textdomain(), os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = _language
    try:
        yield
    finally:
        gettext.textdomain(domain)
        if saved is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = saved


def _(message: str) -> str:
    """``message`` in the active language (itself when the catalog has no translation)."""
    return _active.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction only; it is translated where it is shown (``_(value)``)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for ``count`` in the active language (English when the catalog
    has the message but no translation of it)."""
    return _active.ngettext(singular, plural, count) or (singular if count == 1 else plural)


class Message(str):
    """English text that remembers how to say itself in another language.

    ``Message(template, **values)`` is ``template.format(**values)`` in English; with
    ``plural=`` and ``n=``, the template is chosen by ``n`` (``ngettext``). Values may be
    Messages or lists (:class:`AndList`, :class:`OrList`) themselves; :func:`localize`
    translates them all. The template must be a literal at the call site, so that the
    extractor finds it (keyword ``Message``; plurals are made with :func:`PluralMessage`,
    keyword ``PluralMessage:1,2``; see docs/i18n.md).
    """

    template: str
    plural: str | None
    count: int | None
    values: dict[str, Any]

    def __new__(cls, template: str, plural: str | None = None, *, n: int | None = None, **values: Any) -> "Message":
        chosen = template if plural is None or n == 1 else plural
        english = {key: str(value) for key, value in values.items()}
        self = super().__new__(cls, chosen.format(n=n, **english) if values or n is not None else chosen)
        self.template, self.plural, self.count, self.values = template, plural, n, values
        return self

    def localized(self) -> str:
        """This message in the active language."""
        if self.plural is None:
            text = _(self.template)
        else:
            text = ngettext(self.template, self.plural, self.count if self.count is not None else 2)
        values = {key: localize(value) for key, value in self.values.items()}
        try:
            return text.format(n=self.count, **values) if self.values or self.count is not None else text
        except (KeyError, IndexError, ValueError):  # a translation naming a value the message lacks
            return str(self)

    def __reduce__(self):
        return (str, (str(self),))


def PluralMessage(singular: str, plural: str, n: int, **values: Any) -> Message:
    """A :class:`Message` with a singular and a plural template, chosen by ``n``.

    >>> str(PluralMessage("{n} role", "{n} roles", 3))
    '3 roles'
    """
    return Message(singular, plural, n=n, **values)


class _WordList(str):
    """Items joined as an English list; :func:`localize` joins them in the active language."""

    _pair = "{first} and {last}"

    def __new__(cls, items: Iterable[Any]) -> "_WordList":
        items = list(items)
        self = super().__new__(cls, cls._join(items, lambda text: text, str))
        self.items = items
        return self

    @classmethod
    def _join(cls, items: Sequence[Any], translate, show) -> str:
        texts = [show(item) for item in items]
        if len(texts) < 2:
            return texts[0] if texts else ""
        return translate(cls._pair).format(first=translate(", ").join(texts[:-1]), last=texts[-1])

    def localized(self) -> str:
        return self._join(self.items, _, localize)


class AndList(_WordList):
    """``a, b and c`` (``a、b、c`` in Japanese).

    >>> str(AndList(["TPM", "CTO", "SRE"]))
    'TPM, CTO and SRE'
    """

    _pair = N_("{first} and {last}")


class OrList(_WordList):
    """``a, b or c``.

    >>> str(OrList(["skills", "tools"]))
    'skills or tools'
    """

    _pair = N_("{first} or {last}")


class CommaList(_WordList):
    """``a, b, c``: items separated by commas only.

    >>> str(CommaList(["outlook", "level"]))
    'outlook, level'
    """

    _pair = None

    @classmethod
    def _join(cls, items: Sequence[Any], translate, show) -> str:
        return translate(", ").join(show(item) for item in items)


class SemicolonList(_WordList):
    """``a; b; c``: items that hold commas themselves.

    >>> str(SemicolonList(["TPM (role, pm:TPM)", "TPM (tool, x:TPM)"]))
    'TPM (role, pm:TPM); TPM (tool, x:TPM)'
    """

    _pair = None

    @classmethod
    def _join(cls, items: Sequence[Any], translate, show) -> str:
        return "; ".join(show(item) for item in items)


class SlashList(_WordList):
    """``a/b``: alternatives separated by slashes (kinds of entity).

    >>> str(SlashList(["role", "stage"]))
    'role/stage'
    """

    _pair = None

    @classmethod
    def _join(cls, items: Sequence[Any], translate, show) -> str:
        return "/".join(show(item) for item in items)


# The separator between the first items of a list (", " in English).
N_(", ")


def localize(value: Any) -> Any:
    """``value`` in the active language when it is a :class:`Message` or a word list; any
    other value (a label from the data, a number) is returned as it is.
    """
    if isinstance(value, (Message, _WordList)):
        return value.localized()
    return value
