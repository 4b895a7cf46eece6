"""Command line: options in, api calls, exit codes out. No rules live here."""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from dossier import __version__
from dossier.diagnostics import ExitCode

app = typer.Typer(
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    help=(
        "Prepare UNESCO World Heritage dossiers from validated YAML sources.\n\n"
        "Exit codes: 0 ok, 1 dossier invalid or build failed, 2 usage error, 3 internal error."
    ),
)


class CheckFormat(enum.StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    html = "html"


class DocChoice(enum.StrEnum):
    nomination = "nomination"
    preliminary_assessment = "preliminary-assessment"
    tentative_list = "tentative-list"


class StageChoice(enum.StrEnum):
    draft = "draft"
    submission = "submission"


def _err(text: str) -> None:
    typer.echo(text, err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dossier {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Prepare UNESCO World Heritage dossiers from validated YAML sources."""


DirArg = Annotated[Path, typer.Argument(help="The dossier folder (it holds dossier.yaml).")]
DocOpt = Annotated[
    list[DocChoice] | None,
    typer.Option("--doc", "-d", help="Document(s) to check or build; repeat for several. Default: nomination."),
]


@app.command()
def check(
    folder: DirArg,
    doc: DocOpt = None,
    stage: Annotated[
        StageChoice, typer.Option(help="draft: missing content is a warning; submission: it is an error.")
    ] = StageChoice.draft,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="Report format.")] = CheckFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file instead of stdout.")
    ] = None,
    strict: Annotated[bool, typer.Option(help="Warnings fail the check too.")] = False,
) -> None:
    """Validate a dossier: schemas, references, geometry, bibliography and UNESCO rules."""
    from dossier import api, report

    docs = tuple(api.Doc(d.value) for d in (doc or [DocChoice.nomination]))
    try:
        result = api.check(folder, docs=docs, stage=api.Stage(stage.value))
    except api.UsageError as exc:
        _err(f"dossier: {exc}")
        raise typer.Exit(ExitCode.USAGE) from None
    failed = result.failed(strict=strict)
    diags = result.diagnostics
    if fmt is CheckFormat.text:
        text = report.format_text(diags)
        if output is None:
            if text:
                _err(text)
            _err(f"{folder}: {report.summary(diags)}")
        else:
            _write_report(output, text + "\n" + report.summary(diags) + "\n")
    else:
        if fmt is CheckFormat.json:
            text = report.format_json(diags, valid=not failed)
        elif fmt is CheckFormat.sarif:
            text = report.format_sarif(diags)
        else:
            from dossier import completeness

            text = completeness.render_html(result, docs=docs, stage=api.Stage(stage.value))
        if output is None:
            typer.echo(text)
        else:
            _write_report(output, text)
    raise typer.Exit(ExitCode.INVALID if failed else ExitCode.OK)


def _write_report(path: Path, text: str) -> None:
    from dossier.output import write_atomic

    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        _err(f"dossier: cannot write {path}: {exc.strerror}")
        raise typer.Exit(ExitCode.USAGE) from None


@app.command("schema")
def schema_cmd(
    name: Annotated[
        str | None, typer.Argument(help="Schema to print, e.g. dossier or parts/justification. Default: list them.")
    ] = None,
    export: Annotated[
        Path | None, typer.Option("--export", help="Copy every schema into this folder (for editors and CI).")
    ] = None,
) -> None:
    """List, print or export the JSON Schemas of the dossier sources."""
    from dossier import schema

    base = schema.schemas_dir()
    files = schema.schema_files()
    if export is not None:
        from dossier.output import write_atomic

        for f in files:
            rel = f.relative_to(base)
            write_atomic(export / rel, f.read_bytes())
            typer.echo(export / rel)
        raise typer.Exit(0)
    if name is None:
        for f in files:
            typer.echo(f.relative_to(base).as_posix())
        raise typer.Exit(0)
    wanted = name if name.endswith(".schema.json") else f"{name}.schema.json"
    match = [f for f in files if f.relative_to(base).as_posix() == wanted]
    if not match:
        _err(f"dossier: no schema named {name!r}; run 'dossier schema' to list them")
        raise typer.Exit(ExitCode.USAGE)
    typer.echo(match[0].read_text(encoding="utf-8"), nl=False)


def main() -> None:
    """Console entry point: anything unexpected is our bug, exit 3."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        _err("dossier: interrupted")
        sys.exit(130)
    except Exception as exc:  # last resort: never show a traceback for a user's input
        if os.environ.get("DOSSIER_DEBUG"):
            raise
        _err(
            f"dossier: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in dossier, not in your dossier. Please report it "
            "(set DOSSIER_DEBUG=1 for the full traceback)."
        )
        sys.exit(ExitCode.INTERNAL)
