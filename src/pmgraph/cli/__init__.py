"""The ``pmgraph`` command: a thin click layer over the library.

Each command parses its arguments, calls one library function and formats the result as
text (the default) or JSON. Library errors (:class:`pmgraph.errors.PmgraphError`) and
click's usage errors become one line on stderr and their documented exit code; tracebacks
only with ``--debug``. Text output cannot drive the terminal (:mod:`pmgraph.cli.output`).
Command modules register themselves on :data:`main` when imported below.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import PmgraphError, hide_credentials
from ..i18n import _, click_words, language_from_env, localize, set_language
from .context import State
from .helptext import HelpInCatalog, PmgraphCommand, PmgraphSubgroup
from .output import one_line, terminal_streams

__all__ = ["main"]

#: Exit code for a bug in pmgraph itself (an exception no layer expected).
INTERNAL_ERROR = 70


def _say(message: str) -> None:
    """Print ``pmgraph: MESSAGE`` as one line on stderr (a full stderr is ignored)."""
    try:
        click.echo(f"pmgraph: {one_line(hide_credentials(message))}", err=True)
    except OSError:
        pass


def _usage_error(error: click.UsageError) -> click.exceptions.Exit:
    """Say a usage error in one line, with where to look for help; exit code 2."""
    hint = _(" (see '{command} --help')").format(command=error.ctx.command_path) if error.ctx is not None else ""
    _say(_("error: {message}").format(message=error.format_message()) + hint)
    return click.exceptions.Exit(error.exit_code)


def _language_asked(args: list[str]) -> str | None:
    """The ``--lang`` given anywhere on the command line (before click parses it: its own
    words, ``--help`` and usage errors, follow it too)."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


class PmgraphGroup(HelpInCatalog, click.Group):
    """A click group that turns pmgraph's errors and usage errors into one line and an exit code;
    its commands' help is in the active language (:mod:`pmgraph.cli.helptext`)."""

    command_class = PmgraphCommand
    group_class = PmgraphSubgroup

    def main(self, args: Any = None, *rest: Any, **extra: Any) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)
        set_language(_language_asked(arguments) or language_from_env())
        with click_words():
            return super().main(args, *rest, **extra)

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as error:
            raise _usage_error(error) from None

    def invoke(self, ctx: click.Context) -> Any:
        with terminal_streams():
            return self._invoke(ctx)

    def _invoke(self, ctx: click.Context) -> Any:
        debug = bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except PmgraphError as error:
            if debug:
                raise
            _say(_("error: {message}").format(message=hide_credentials(str(localize(error.args[0])))
                                                         if error.args else str(error)))
            ctx.exit(error.exit_code)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as error:
            raise _usage_error(error) from None
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            _say(_("interrupted"))
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (e.g. `| head`): nothing left to say
            ctx.exit(0)
        except Exception as error:  # noqa: BLE001 - the last line of defence
            if debug:
                raise
            _say(_("internal error: {error} (this is a bug; run with --debug for the traceback)").format(
                error=f"{type(error).__name__}: {error}"))
            ctx.exit(INTERNAL_ERROR)


def not_empty(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A click callback refusing an empty name (``--focus ""``), which would silently mean "everything"."""
    values = value if isinstance(value, tuple) else (value,)
    if any(isinstance(item, str) and not item.strip() for item in values):
        raise click.BadParameter(_("an empty name (give a name, or leave the option out)"), ctx, param)
    return value


@click.group(name="pmgraph", cls=PmgraphGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--data", "data", multiple=True, metavar="FILE", callback=not_empty,
              help="Merge your own RDF file (or folder of files) into the bundled graph. Repeatable.")
@click.option("--endpoint", metavar="URL",
              help="Read the data from this SPARQL 1.1 endpoint instead of the bundled files "
                   "(e.g. http://127.0.0.1:7878/query).")
@click.option("--endpoint-user", metavar="NAME",
              help="Log in to --endpoint as this user, with the password in the environment variable "
                   "PMGRAPH_ENDPOINT_PASSWORD (without it, a store that asks gets the login of ~/.netrc).")
@click.option("--endpoint-timeout", default=60.0, show_default=True, metavar="SECONDS",
              type=click.FloatRange(0.1, 86400), help="Connect / read timeout for --endpoint.")
@click.option("--endpoint-limit", default=1_000_000, show_default=True, metavar="TRIPLES",
              type=click.IntRange(1), help="Refuse to download more triples than this from --endpoint.")
@click.option("--quiet", "quiet", is_flag=True,
              help="Say nothing on stderr about what is being built (the store of a new pmgraph version or of new data).")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
# `pmgraph --lang ja --help`: the language is read before click parses (_language_asked), and
# each command's own --lang defaults to it; hidden, so that --lang is documented once, on the commands
@click.option("--lang", type=click.Choice(["en", "ja", "ko"]), expose_value=False, hidden=True)
@click.version_option(package_name="pmgraph")
@click.pass_context
def main(ctx: click.Context, data: tuple[str, ...], endpoint: str | None, endpoint_user: str | None,
         endpoint_timeout: float, endpoint_limit: int, quiet: bool, debug: bool) -> None:
    """pmgraph: the knowledge graph of technical product, program and project management careers.

    Ask about roles (Tech PM, TPM, technical project manager, TAM, CTO...), their skills,
    tools, duties, collaborators and career moves, in English, Japanese or Korean, with the
    source of every fact.

    \b
    Examples:
      pmgraph show "Tech PM"
      pmgraph show テクニカル・プロダクトマネージャー --lang ja
      pmgraph list skill
      pmgraph search クラウド
      pmgraph --data my-ladder.ttl validate
      pmgraph query skills-of-role --param role="Tech PM"
      pmgraph --endpoint http://127.0.0.1:7878/query show "Tech PM"

    Exit codes: 0 ok, 1 no result, 2 usage error, 3 bad input data or query,
    4 unknown or ambiguous name, 5 a limit was hit, 6 remote endpoint error,
    7 could not write output.
    """
    if endpoint_user and not endpoint:
        from ..errors import UsageError

        if ctx.invoked_subcommand == "push":
            raise UsageError(f"push takes the store's login as its own option, after the command: "
                             f"`pmgraph push --endpoint URL --endpoint-user {endpoint_user}`")
        raise UsageError("--endpoint-user goes with --endpoint URL: the user to log in to that store as")
    ctx.obj = State(data=data, debug=debug, endpoint=endpoint, endpoint_timeout=endpoint_timeout,
                    endpoint_limit=endpoint_limit, quiet=quiet, endpoint_user=endpoint_user)


# Command modules register their commands on `main`.
from . import explore  # noqa: E402, F401
from . import careers  # noqa: E402, F401
from . import sparql  # noqa: E402, F401
from . import render  # noqa: E402, F401
from . import datasets  # noqa: E402, F401
from . import plan  # noqa: E402, F401
