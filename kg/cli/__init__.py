"""The ``kg`` command line. The only place that prints to the user and chooses exit codes.

Each subcommand lives in its own module of this package with a ``register(app)`` function;
``COMMAND_MODULES`` is the one table that lists them (a test pins it).

Exit codes: 0 success; 1 a graph does not conform to the shapes; 2 bad usage (unknown option,
format, query or parameter); 3 some inputs were skipped (the others were built); 4 nothing done
(missing model, store locked, output not writable); 130 interrupted.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

from kg.errors import KGError

COMMAND_MODULES: tuple[str, ...] = (
    "kg.cli.validate_cmd",
    "kg.cli.ontology_cmd",
    "kg.cli.build_cmd",
    "kg.cli.events_cmd",
    "kg.cli.export_cmd",
    "kg.cli.query_cmd",
    "kg.cli.stats_cmd",
    "kg.cli.serve_cmd",
    "kg.cli.load_cmd",
    "kg.cli.resolve_cmd",
)


def build_app() -> typer.Typer:
    """Create the Typer app with every registered subcommand."""
    app = typer.Typer(
        name="kg",
        help="Build and query a knowledge graph of conflict news (actors, events, places, sources).",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(app)
    return app


def _usage_errors() -> tuple[type[Exception], ...]:
    """Click's usage-error class: typer >= 0.24 vendors click as ``typer._click``, older uses click."""
    types: list[type[Exception]] = []
    try:
        from typer._click.exceptions import ClickException as VendoredClickException

        types.append(VendoredClickException)
    except ImportError:
        pass
    try:
        from click.exceptions import ClickException

        types.append(ClickException)
    except ImportError:
        pass
    return tuple(types)


def error(message: str) -> None:
    """Print a one-line error to stderr."""
    typer.echo(f"kg: error: {message}", err=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    app = build_app()
    try:
        result = app(args=argv, standalone_mode=False)
    except KGError as e:
        error(str(e))
        return e.exit_code
    except KeyboardInterrupt:
        error("interrupted; the store keeps every article that finished")
        return 130
    except typer.Exit as e:
        result = int(e.exit_code or 0)
    except SystemExit as e:
        return int(e.code or 0) if isinstance(e.code, int) else 1
    except typer.Abort:
        error("interrupted; the store keeps every article that finished")
        return 130
    except _usage_errors() as e:  # a bad option or argument: click's own one-line message
        e.show()  # type: ignore[attr-defined]
        return 2
    code = result if isinstance(result, int) else 0
    if code == 130:  # typer turns Ctrl-C into a silent exit 130
        error("interrupted; the store keeps every article that finished")
    return code


def run() -> None:
    """The console script (``kg``, ``python -m kg``): :func:`main`, then exit with its code.

    After Ctrl-C the exit skips the interpreter's exit handlers (``os._exit``): every article that
    finished is already committed and outputs are already closed or removed by then, and
    ``concurrent.futures`` would otherwise join its pool's manager thread at exit, which can wait
    forever on a worker that was terminated while holding the pool's queue lock.
    """
    code = main()
    if code == 130:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    sys.exit(code)


if __name__ == "__main__":
    run()
