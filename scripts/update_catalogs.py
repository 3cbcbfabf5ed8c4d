"""Extract pmgraph's messages, update the Japanese and Korean catalogs and compile them.

A developer's tool (it needs Babel: ``pip install babel``); the wheel ships the compiled
``.mo`` files, so neither users nor the build need it. Run from the repository root::

    python scripts/update_catalogs.py            # extract, update the .po files, compile
    python scripts/update_catalogs.py --check    # exit 1 if a .po or .mo is out of date

What it runs, with Babel's standard commands:

1. ``pybabel extract`` over ``src/pmgraph`` with pmgraph's keywords (``_``, ``N_``,
   ``ngettext:1,2``, ``Message``, ``PluralMessage:1,2``), plus click's own words (``Usage:``,
   ``No such option``...) extracted from the installed click, which looks them up through
   :func:`gettext.gettext` (pmgraph points that at its catalog: :func:`pmgraph.i18n.click_words`);
   and the commands' and options' help texts (docstrings and ``help=``, which pybabel does not
   see; listed by :func:`pmgraph.cli.helptext.help_texts`, translated at ``--help`` time) all
   go into ``src/pmgraph/locale/pmgraph.pot``.
2. ``pybabel update`` of ``src/pmgraph/locale/{ja,ko}/LC_MESSAGES/pmgraph.po`` from it.
3. ``pybabel compile`` of each ``.po`` into the ``.mo`` beside it.
"""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "pmgraph" / "locale"
TEMPLATE = LOCALE / "pmgraph.pot"
LANGUAGES = ("ja", "ko")
FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)
PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)[^}]*\}|%\(([A-Za-z_]\w*)\)")
KEYWORDS = ["_", "N_", "ngettext:1,2", "Message", "PluralMessage:1,2"]
#: click's modules whose words a pmgraph user sees (help pages, usage errors).
CLICK_MODULES = ["core.py", "decorators.py", "exceptions.py", "formatting.py", "parser.py", "types.py"]


def _pybabel(*args: str, cwd: Path = ROOT) -> None:
    done = subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=cwd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode:
        sys.exit(f"pybabel {args[0]} failed:\n{done.stderr}")


def _extract(folder: Path) -> tuple[Path, set[str]]:
    """The template (pmgraph's messages and click's) and the msgids of pmgraph's own code."""
    import click

    own, clicks = folder / "own.pot", folder / "click.pot"
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    _pybabel("extract", "-F", str(LOCALE / "babel.cfg"), "--no-default-keywords", *keywords, "--no-location",
             "--sort-output", "--omit-header", "-o", str(own), ".")
    click_dir = Path(click.__file__).resolve().parent
    _pybabel("extract", "--no-default-keywords", "-k", "_", "-k", "ngettext:1,2", "--no-location", "--sort-output",
             "--omit-header", "-o", str(clicks), *(f"click/{name}" for name in CLICK_MODULES), cwd=click_dir.parent)
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    # a fixed date, so that the same messages give the same files (and .mo) byte for byte
    from importlib.metadata import version

    catalog = Catalog(project="pmgraph", version="0.1.0", charset="utf-8", fuzzy=False, creation_date=FIXED_DATE,
                      header_comment=f"# Translations template for pmgraph (click {version('click')}'s own words "
                                     "included).",
                      revision_date=FIXED_DATE, last_translator="pmgraph contributors")
    own_ids: set[str] = set()
    sys.path.insert(0, str(ROOT / "src"))  # this checkout's commands, whichever pmgraph is installed
    from pmgraph.cli import main as command
    from pmgraph.cli.helptext import help_texts

    for text in help_texts(command):
        catalog.add(text)
        own_ids.add(text)
    for path in (own, clicks):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id:
                    catalog.add(message.id, flags=message.flags)
                    if path == own:
                        own_ids.add(message.id[0] if isinstance(message.id, tuple) else message.id)
    template = folder / "pmgraph.pot"
    with template.open("wb") as handle:
        write_po(handle, catalog, sort_output=True, no_location=True, width=100)
    return template, own_ids


def main(check: bool = False) -> int:
    with tempfile.TemporaryDirectory() as temp:
        template, own_ids = _extract(Path(temp))
        if check:
            return _check(template, own_ids)
        TEMPLATE.write_bytes(template.read_bytes())
    for lang in LANGUAGES:
        po = LOCALE / lang / "LC_MESSAGES" / "pmgraph.po"
        if po.exists():
            _pybabel("update", "-i", str(TEMPLATE), "-o", str(po), "-l", lang, "--no-fuzzy-matching",
                     "-w", "100", "--ignore-obsolete")
        else:
            po.parent.mkdir(parents=True, exist_ok=True)
            _pybabel("init", "-i", str(TEMPLATE), "-o", str(po), "-l", lang, "-w", "100")
        _pybabel("compile", "-i", str(po), "-o", str(po.with_suffix(".mo")), "-l", lang, "--use-fuzzy")
    return 0


def _made_with_this_click() -> bool:
    """Whether the installed click is the one whose words the committed template holds
    (named in its header as ``click X.Y.Z``)."""
    from importlib.metadata import version

    return f"click {version('click')}'s" in TEMPLATE.read_text(encoding="utf-8").split("\n\n", 1)[0]


def _placeholders(text: str) -> set[str]:
    """The names a message fills in: ``{name}``, ``{name!r}``, ``%(name)s``."""
    return {brace or percent for brace, percent in PLACEHOLDER.findall(text)}


def _check(template: Path, own_ids: set[str]) -> int:
    """1 when the committed template lacks or has extra messages compared with a fresh
    extraction, a .mo does not hold what its .po says, or a message of pmgraph's own code has
    no translation (click's rarer words may stay English). Messages are compared, not bytes,
    so that another Babel version (which writes its name in the headers) agrees."""
    from babel.messages.pofile import read_po

    def ids(path: Path) -> set:
        with path.open("rb") as handle:
            return {message.id for message in read_po(handle) if message.id}

    def messages(path: Path) -> dict:
        with path.open("rb") as handle:
            return {key: text for key, text in gettext.GNUTranslations(handle)._catalog.items() if key}  # noqa: SLF001

    stale = []
    # pmgraph's own messages must all be in the committed template; click's own words are
    # compared only when this is the click the catalogs were made with (another click version,
    # e.g. the tested floor, words some of its messages differently)
    committed = {key[0] if isinstance(key, tuple) else key for key in ids(TEMPLATE)}
    if own_ids - committed or (_made_with_this_click() and ids(template) != ids(TEMPLATE)):
        stale.append(str(TEMPLATE.relative_to(ROOT)))
    for lang in LANGUAGES:
        po = LOCALE / lang / "LC_MESSAGES" / "pmgraph.po"
        fresh = template.with_name(f"{lang}.mo")
        _pybabel("compile", "-i", str(po), "-o", str(fresh), "-l", lang, "--use-fuzzy")
        if messages(fresh) != messages(po.with_suffix(".mo")):
            stale.append(str(po.with_suffix(".mo").relative_to(ROOT)))
        with po.open("rb") as handle:
            for message in read_po(handle, locale=lang):
                key = message.id[0] if isinstance(message.id, tuple) else message.id
                texts = message.string if isinstance(message.string, tuple) else (message.string,)
                if key in own_ids and not all(texts):
                    stale.append(f"{po.relative_to(ROOT)}: no translation of {key!r}")
                sources = message.id if isinstance(message.id, tuple) else (message.id,)
                known = {name for text in sources for name in _placeholders(text)}
                for text in texts:
                    unknown = _placeholders(text) - known
                    if text and unknown:
                        stale.append(f"{po.relative_to(ROOT)}: the translation of {key!r} names "
                                     f"{', '.join(sorted(unknown))}, which the message does not have")
    for path in stale:
        print(f"out of date: {path} (run python scripts/update_catalogs.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main(check="--check" in sys.argv[1:]))
