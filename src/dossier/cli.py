"""Command line: options in, api calls, exit codes out. No rules live here."""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from dossier import __version__
from dossier.core.diagnostics import Diagnostic, ExitCode
from dossier.core.ids import Doc, Format, Stage
from dossier.core.paths import shown_from

if TYPE_CHECKING:
    from dossier.scaffold.new import InitOptions
    from dossier.validate.result import CheckResult

app = typer.Typer(
    # Click's plain help layout: rich's option table squeezes the choices' column and
    # splits them mid-word on an 80-column terminal.
    rich_markup_mode=None,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    help=(
        "Prepare UNESCO World Heritage dossiers from validated YAML sources.\n\n"
        "Exit codes: 0 ok, 1 dossier invalid or build failed, 2 usage error, 3 internal error."
    ),
)


def _wrap_help_at_spaces() -> None:
    """Click wraps help text where a word has a hyphen ('--no-strict' as 'no-' / 'strict',
    'preliminary-' / 'assessment'): wrap at spaces only. Typer 0.28 formats help with the
    click it bundles (typer._click), other versions with click itself: adjust both."""
    import importlib

    for name in ("typer._click._textwrap", "click._textwrap"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        base = getattr(module, "TextWrapper")  # noqa: B009 (typed loosely on purpose)

        class _AtSpaces(base):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                kwargs.setdefault("break_on_hyphens", False)
                super().__init__(*args, **kwargs)

        setattr(module, "TextWrapper", _AtSpaces)  # noqa: B010


_wrap_help_at_spaces()


class CheckFormat(enum.StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    html = "html"


def _text_report(
    folder: Path, shown: list[Diagnostic], result: CheckResult, suppressed: bool
) -> str:
    """Findings (errors first), what was computed, the edition's translation, the summary."""
    from dossier.report import findings

    parts = (
        findings.format_text(shown, suppressed=suppressed),
        findings.format_computed(result.computed()),
        findings.format_translation(result.translation),
        f"{folder}: {findings.summary(shown, listed=suppressed)}",
    )
    return "\n".join(part for part in parts if part)


def _here(diags: list[Diagnostic], folder: Path) -> list[Diagnostic]:
    """Findings with their files named from the current folder."""
    from dossier.report import findings

    return findings.from_here(diags, shown_from(folder))


def _err(text: str) -> None:
    typer.echo(text, err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dossier {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Prepare UNESCO World Heritage dossiers from validated YAML sources."""


DirArg = Annotated[Path, typer.Argument(help="The dossier folder (it holds dossier.yaml).")]
DocOpt = Annotated[
    list[Doc] | None,
    typer.Option(
        "--doc",
        "-d",
        help="Document(s) to check or build; repeat for several. Default: nomination.",
    ),
]


@app.command()
def check(
    folder: DirArg,
    doc: DocOpt = None,
    stage: Annotated[
        Stage,
        typer.Option(help="draft: missing content is a warning; submission: it is an error."),
    ] = Stage.DRAFT,
    fmt: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Report format.")
    ] = CheckFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout."),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Warnings fail the check too.")] = False,
    show_suppressed: Annotated[
        bool, typer.Option(help="List the suppressed findings too (else only counted).")
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            help="Also check the edition in this language (e.g. fr): its catalogue "
            "i18n/LANG.po, what is untranslated or out of date, and the share translated "
            "per section."
        ),
    ] = None,
) -> None:
    """Validate a dossier: schemas, references, geometry, bibliography and UNESCO rules.

    The text report goes to stdout, errors first; file paths are given from the current
    folder (my-dossier/parts/5-protection.yaml:19:15).
    """
    from dossier import api
    from dossier.report import findings

    docs = tuple(doc or [Doc.NOMINATION])
    try:
        result = api.check(folder, docs=docs, stage=stage, lang=lang)
    except api.UsageError as exc:
        _err(f"dossier: {exc}")
        raise typer.Exit(ExitCode.USAGE) from None
    failed = result.failed(strict=strict)
    diags = result.diagnostics
    shown = findings.from_here(diags, shown_from(folder))
    report = _text_report(folder, shown, result, show_suppressed)
    if fmt is CheckFormat.text:
        if output is None:
            typer.echo(report)
        else:
            _write_report(output, report + "\n")
            _err(f"{folder}: {findings.summary(diags, listed=show_suppressed)}")
    else:
        if fmt is CheckFormat.json:
            text = findings.format_json(
                shown,
                valid=not failed,
                computed=result.computed(),
                root=shown_from(folder),
                translation=result.translation,
            )
        elif fmt is CheckFormat.sarif:
            text = findings.format_sarif(diags, root=folder)
        else:
            from dossier.report import completeness

            text = completeness.render_html(result, docs=docs, stage=stage)
        if output is None:
            typer.echo(text)
        else:
            _write_report(output, text)
            _err(report)  # the file is for tools; the log stays readable
    raise typer.Exit(ExitCode.INVALID if failed else ExitCode.OK)


class Category(enum.StrEnum):
    cultural = "cultural"
    natural = "natural"
    mixed = "mixed"


def _ask(value: object, question: str, default: str, interactive: bool) -> str | None:
    """An option's value, else the answer at a terminal prompt, else None (the default)."""
    if value is not None or not interactive:
        return None if value is None else str(value)
    answer = typer.prompt(question, default=default, show_default=bool(default))
    return str(answer).strip() or None


def _interactive() -> bool:
    """Prompts only when a person is typing: never in scripts, pipes or CI."""
    return sys.stdin.isatty()


def _split(text: str | None) -> list[str]:
    return [x.strip() for x in (text or "").replace(";", ",").split(",") if x.strip()]


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="The new dossier folder (created if missing).")],
    name: Annotated[str | None, typer.Option(help="Name of the property.")] = None,
    category: Annotated[Category | None, typer.Option(help="Category of the property.")] = None,
    state_party: Annotated[
        list[str] | None,
        typer.Option(
            "--state-party", "-s", help="ISO 3166 code of a State Party, e.g. KZ; repeat."
        ),
    ] = None,
    criterion: Annotated[
        list[str] | None,
        typer.Option("--criterion", "-c", help="A criterion proposed, i to x; repeat."),
    ] = None,
    doc: Annotated[
        list[Doc] | None,
        typer.Option("--doc", "-d", help="Document(s) to prepare; repeat. Default: all three."),
    ] = None,
    language: Annotated[
        list[str] | None,
        typer.Option(
            "--language",
            "-l",
            help="Language(s) of the documents, en or fr; the first is "
            "the working language. Default: en.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(help="Write into a folder that is not empty (never replacing a file)."),
    ] = False,
) -> None:
    """Start a new dossier: every part, with placeholders that 'dossier check' lists.

    At a terminal, asks for what the options do not say; in scripts, uses the options.
    """
    from dossier import api

    tty = _interactive()
    name = _ask(name, "Name of the property (Enter: fill in later)", "", tty) or name
    cat = _ask(category, "Category (cultural, natural, mixed)", "cultural", tty)
    states = state_party or _split(
        _ask(None, "States Parties, ISO codes (e.g. KZ or KZ,UZ; Enter: later)", "", tty)
    )
    crits = criterion or _split(_ask(None, "Criteria proposed (e.g. iii,v; Enter: later)", "", tty))
    docs_text = _ask(
        None, "Documents (nomination, preliminary-assessment, tentative-list)", "all", tty
    )
    langs = language or _split(_ask(None, "Languages of the documents (en, fr)", "en", tty))
    if doc:
        docs = tuple(doc)
    elif docs_text and docs_text != "all":
        try:
            docs = tuple(Doc(d) for d in _split(docs_text))
        except ValueError:
            _err(f"dossier: documents are {', '.join(Doc)}, not {docs_text!r}")
            raise typer.Exit(ExitCode.USAGE) from None
    else:
        docs = tuple(Doc)
    options = api.InitOptions(
        name=name,
        category=str(cat or Category.cultural),
        states_parties=tuple(states),
        docs=docs,
        languages=tuple(langs or ["en"]),
        criteria=tuple(crits),
        category_chosen=cat is not None,
    )
    try:
        written = api.init(folder, options, force=force)
    except api.UsageError as exc:
        _err(f"dossier: {exc}")
        raise typer.Exit(ExitCode.USAGE) from None
    _init_next_steps(folder, written, options)


def _init_next_steps(folder: Path, written: list[Path], options: InitOptions) -> None:
    from dossier.scaffold.new import next_steps

    for line in next_steps(folder, written, options):
        typer.echo(line)


@app.command("check-all")
def check_all(
    folders: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Dossier folders. Default: every folder below the current one that holds "
            "a dossier.yaml."
        ),
    ] = None,
    doc: DocOpt = None,
    stage: Annotated[
        Stage,
        typer.Option(help="draft: missing content is a warning; submission: it is an error."),
    ] = Stage.DRAFT,
    strict: Annotated[bool, typer.Option(help="Warnings fail the check too.")] = False,
    show_suppressed: Annotated[
        bool, typer.Option(help="List the suppressed findings too (else only counted).")
    ] = False,
) -> None:
    """Check every dossier of a repository (what the pre-commit hook runs)."""
    from dossier import api

    found = list(folders or api.find_dossiers(Path()))
    if not found:
        _err(
            f"dossier: no dossier.yaml found in {Path.cwd()} or below. Give the dossier "
            "folder(s) as arguments (in .pre-commit-config.yaml: args: [path/to/dossier]), "
            "or start one with 'dossier init DIR'."
        )
        raise typer.Exit(ExitCode.USAGE)
    docs = tuple(doc or [Doc.NOMINATION])
    failed = False
    for folder in found:
        try:
            result = api.check(folder, docs=docs, stage=stage)
        except api.UsageError as exc:
            _err(f"dossier: {exc}")
            raise typer.Exit(ExitCode.USAGE) from None
        shown = _here(result.diagnostics, folder)
        typer.echo(_text_report(folder, shown, result, show_suppressed))
        failed = failed or result.failed(strict=strict)
    raise typer.Exit(ExitCode.INVALID if failed else ExitCode.OK)


class VariantChoice(enum.StrEnum):
    pdf_a_3b = "pdf/a-3b"
    pdf_ua_1 = "pdf/ua-1"


def _progress_printer(quiet: bool) -> Callable[[str], None]:
    """Stage messages on an interactive terminal; silent in CI and in pipes."""
    interactive = sys.stderr.isatty() and not os.environ.get("CI")
    if quiet or not interactive:
        return lambda _msg: None
    return lambda msg: typer.echo(f"dossier: {msg}...", err=True)


@app.command()
def build(
    folder: DirArg,
    doc: DocOpt = None,
    to: Annotated[
        list[Format] | None,
        typer.Option("--to", "-t", help="Output format(s); repeat for several. Default: pdf."),
    ] = None,
    lang: Annotated[str, typer.Option(help="Language of the edition (en or fr).")] = "en",
    out: Annotated[Path, typer.Option("--output", "-o", help="Output folder.")] = Path("build"),
    pdf_variant: Annotated[
        VariantChoice | None, typer.Option(help="Archival (pdf/a-3b) or accessible (pdf/ua-1) PDF.")
    ] = None,
    reference_docx: Annotated[
        Path | None,
        typer.Option(help="Take Word styles (fonts, colours, headings) from this .docx."),
    ] = None,
    keep_reference_headers: Annotated[
        bool,
        typer.Option(
            help="Keep the headers and footers of the --reference-docx instead of dossier's."
        ),
    ] = False,
    update_fields: Annotated[
        bool,
        typer.Option(
            help="Fill the DOCX page numbers (contents, lists, cross-references) "
            "using LibreOffice's layout."
        ),
    ] = False,
    strict: Annotated[bool, typer.Option(help="Warnings fail the build too.")] = False,
    force: Annotated[
        bool,
        typer.Option(help="Replace output files dossier did not write (a backup of each is kept)."),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress messages.")] = False,
    stage: Annotated[
        Stage,
        typer.Option(help="draft: missing content is a warning; submission: it is an error."),
    ] = Stage.DRAFT,
    allow_untranslated: Annotated[
        bool,
        typer.Option(
            help="With --lang: build the edition even at --stage submission when passages are "
            "not (or no longer) translated; their English prints, visibly marked."
        ),
    ] = False,
    redline_from: Annotated[
        str | None,
        typer.Option(
            help="Mark the changes since this earlier draft (a dossier folder, or a git "
            "revision of FOLDER) and open with a summary of them: OUT/<doc>-<lang>-redline.<ext>."
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes laying out the PDF's chapters (same pages as one pass). "
            "Default: the number of cores (one for a short document); 1: a single pass.",
        ),
    ] = None,
) -> None:
    """Compile a dossier into the official documents (OUT/<doc>-<lang>.<ext>)."""
    from dossier import api
    from dossier.core.diagnostics import DossierError
    from dossier.report import findings

    if lang not in ("en", "fr"):
        _err(f"dossier: --lang must be en or fr, not {lang!r}")
        raise typer.Exit(ExitCode.USAGE)
    options = api.BuildOptions(
        docs=tuple(dict.fromkeys(doc or [Doc.NOMINATION])),
        formats=tuple(dict.fromkeys(to or [Format.PDF])),
        lang=lang,
        out_dir=out,
        pdf_variant=pdf_variant.value if pdf_variant else None,
        reference_docx=reference_docx,
        keep_reference_headers=keep_reference_headers,
        update_fields=update_fields,
        strict=strict,
        force=force,
        stage=stage,
        allow_untranslated=allow_untranslated,
        redline_from=redline_from,
        jobs=jobs or 0,
    )
    try:
        result = api.build(folder, options, progress=_progress_printer(quiet))
    except api.UsageError as exc:
        _err(f"dossier: {exc}")
        raise typer.Exit(ExitCode.USAGE) from None
    except DossierError as exc:
        _err(findings.format_text(_here(exc.diagnostics, folder)))
        _err(f"{folder}: build failed, nothing written ({findings.summary(exc.diagnostics)})")
        raise typer.Exit(ExitCode.INVALID) from None
    from dossier.core.diagnostics import Severity

    warnings = [
        d for d in result.diagnostics if d.severity is Severity.WARNING and d.suppressed is None
    ]
    if warnings and not quiet:
        _err(findings.format_text(_here(warnings, folder), hints=False))
        _err(
            f"{folder}: built with {len(warnings)} warning(s); 'dossier check' lists them with hints"
        )
    for path in result.outputs:
        typer.echo(path)
    raise typer.Exit(ExitCode.OK)


@app.command()
def preview(
    folder: DirArg,
    doc: DocOpt = None,
    lang: Annotated[
        str | None, typer.Option(help="Language of the edition shown (default: the sources').")
    ] = None,
    stage: Annotated[
        Stage,
        typer.Option(help="draft: missing content is a warning; submission: it is an error."),
    ] = Stage.DRAFT,
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port to listen on (0: any free port).")
    ] = 8765,
    host: Annotated[
        str,
        typer.Option(help="Address to listen on: this computer only (127.0.0.1) by default."),
    ] = "127.0.0.1",
    allow_remote: Annotated[
        bool,
        typer.Option(
            help="Allow a --host other than this computer's: anyone who can reach it then "
            "reads the draft, without a password."
        ),
    ] = False,
    open_browser: Annotated[
        bool, typer.Option("--open/--no-open", help="Open the page in the browser (desktop).")
    ] = True,
    editor_url: Annotated[
        str | None,
        typer.Option(
            help="Link each finding and section to its file in your editor, e.g. "
            "'vscode://file/{path}:{line}:{col}' (default: file:line:col as text only)."
        ),
    ] = None,
) -> None:
    """Show the document in the browser, updated on every save, with its findings."""
    from dossier import api

    def ready(url: str) -> None:
        typer.echo(f"dossier: previewing {folder} at {url} (Ctrl-C stops)", err=True)
        if open_browser and _desktop():
            import webbrowser

            webbrowser.open(url)

    options = api.PreviewOptions(
        docs=tuple(dict.fromkeys(doc or [Doc.NOMINATION])),
        lang=lang,
        stage=stage,
        host=host,
        port=port,
        allow_remote=allow_remote,
        editor_url=editor_url,
    )
    try:
        api.preview(folder, options, on_ready=ready)
    except api.UsageError as exc:
        _err(f"dossier: {exc}")
        raise typer.Exit(ExitCode.USAGE) from None


def _desktop() -> bool:
    """A graphical session a browser can open in (never a terminal browser in CI or ssh)."""
    if os.environ.get("CI") or not sys.stdout.isatty():
        return False
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class DiffFormat(enum.StrEnum):
    text = "text"
    json = "json"
    html = "html"


class ColorChoice(enum.StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def _colour(choice: ColorChoice) -> bool:
    """Colour on a terminal only, never with NO_COLOR set (no-color.org)."""
    if choice is ColorChoice.never:
        return False
    if choice is ColorChoice.always:
        return True
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@app.command()
def diff(
    old: Annotated[
        Path,
        typer.Argument(
            help="The earlier draft (a dossier folder), or with --from the dossier folder."
        ),
    ],
    new: Annotated[
        Path | None, typer.Argument(help="The later draft (a dossier folder); not with --from.")
    ] = None,
    from_rev: Annotated[
        str | None,
        typer.Option("--from", help="Compare this git revision of the folder (e.g. v1, HEAD~3)..."),
    ] = None,
    to_rev: Annotated[
        str | None,
        typer.Option("--to", help="...with this revision (default: the folder as it is now)."),
    ] = None,
    fmt: Annotated[
        DiffFormat,
        typer.Option(
            "--format", "-f", help="text, json (for CI), or html (a redline of the document)."
        ),
    ] = DiffFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout."),
    ] = None,
    exit_code: Annotated[
        bool,
        typer.Option(
            "--exit-code", help="Exit with 1 when there are changes, 0 when none (as git diff)."
        ),
    ] = False,
    doc: Annotated[
        Doc, typer.Option("--doc", "-d", help="Document whose sections group the report.")
    ] = Doc.NOMINATION,
    lang: Annotated[
        str,
        typer.Option(
            help="Edition compared (en or fr): the HTML redline prints it; in another language "
            "than the sources', the changes of its translation are reported too."
        ),
    ] = "en",
    color: Annotated[
        ColorChoice, typer.Option("--color", help="Colour the text report: auto (on a terminal).")
    ] = ColorChoice.auto,
) -> None:
    """What changed between two drafts: data, boundaries and prose, by section.

    dossier diff OLD NEW compares two dossier folders; dossier diff FOLDER --from REV [--to REV]
    compares git revisions of one (read with git; the working tree is not touched).
    """
    from dossier import api
    from dossier.report import findings

    if from_rev is None and (new is None or to_rev is not None):
        _err(
            "dossier: give two dossier folders (dossier diff OLD NEW), or one folder and "
            "revisions (dossier diff FOLDER --from REV [--to REV])"
        )
        raise typer.Exit(ExitCode.USAGE)
    if from_rev is not None and new is not None:
        _err("dossier: with --from, give one dossier folder (the revisions are of that folder)")
        raise typer.Exit(ExitCode.USAGE)
    if lang not in ("en", "fr"):
        _err(f"dossier: --lang must be en or fr, not {lang!r}")
        raise typer.Exit(ExitCode.USAGE)
    if from_rev is not None:
        sides = (api.DiffSide(old, from_rev), api.DiffSide(old, to_rev))
    else:
        assert new is not None
        sides = (api.DiffSide(old), api.DiffSide(new))
    try:
        result = api.diff(*sides, html=fmt is DiffFormat.html, doc=doc, lang=lang)
    except api.UsageError as exc:
        _err(f"dossier: {exc}")
        raise typer.Exit(ExitCode.USAGE) from None
    if result.report is None:
        for key, label in (("old", result.old_label), ("new", result.new_label)):
            found = result.problems.get(key)
            if found:
                _err(f"{label}: cannot be compared, it is not a readable dossier:")
                _err(findings.format_text(found))
        raise typer.Exit(ExitCode.INVALID)
    from dossier.diff import report as diff_report
    from dossier.diff import text as diff_text

    if fmt is DiffFormat.json:
        body = diff_report.to_json(result.report) + "\n"
    elif fmt is DiffFormat.html:
        body = result.html or ""
    else:
        body = diff_text.format_text(result.report, colour=output is None and _colour(color))
    if output is None:
        typer.echo(body, nl=False)
    else:
        _write_report(output, body)
    changed = result.changed
    raise typer.Exit(ExitCode.INVALID if exit_code and changed else ExitCode.OK)


def _write_report(path: Path, text: str) -> None:
    from dossier.core.output import write_atomic

    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        _err(f"dossier: cannot write {path}: {exc.strerror}")
        raise typer.Exit(ExitCode.USAGE) from None


@app.command("schema")
def schema_cmd(
    name: Annotated[
        str | None,
        typer.Argument(
            help="Schema to print, e.g. dossier or parts/justification. Default: list them."
        ),
    ] = None,
    export: Annotated[
        Path | None,
        typer.Option("--export", help="Copy every schema into this folder (for editors and CI)."),
    ] = None,
) -> None:
    """List, print or export the JSON Schemas of the dossier sources."""
    from dossier.core.resources import schemas_dir
    from dossier.validate import schema

    base = schemas_dir()
    files = schema.schema_files()
    if export is not None:
        from dossier.core.output import write_atomic

        for f in files:
            rel = f.relative_to(base)
            try:
                write_atomic(export / rel, f.read_bytes())
            except OSError as exc:
                _err(f"dossier: cannot write {export / rel}: {exc.strerror or exc}")
                raise typer.Exit(ExitCode.USAGE) from None
            typer.echo(export / rel)
        raise typer.Exit(0)
    if name is None:
        for f in files:
            typer.echo(f.relative_to(base).as_posix())
        raise typer.Exit(0)
    wanted = name if name.endswith(".schema.json") else f"{name}.schema.json"
    match = [f for f in files if f.relative_to(base).as_posix() == wanted]
    if not match:
        import difflib

        names = [f.relative_to(base).as_posix().removesuffix(".schema.json") for f in files]
        stem = wanted.removesuffix(".schema.json")
        close = [n for n in names if n.rsplit("/", 1)[-1] == stem] or difflib.get_close_matches(
            stem, names, n=1
        )
        hint = f"; did you mean '{close[0]}'?" if close else ""
        _err(f"dossier: no schema named {name!r}{hint} Run 'dossier schema' to list them.")
        raise typer.Exit(ExitCode.USAGE)
    typer.echo(match[0].read_text(encoding="utf-8"), nl=False)


export_app = typer.Typer(
    rich_markup_mode=None, no_args_is_help=True, help="Export data from a dossier."
)
app.add_typer(export_app, name="export")


@export_app.command("gis")
def export_gis(
    folder: DirArg,
    out: Annotated[Path, typer.Option("--output", "-o", help="Output folder.")] = Path("build/gis"),
    force: Annotated[
        bool,
        typer.Option(help="Replace files dossier did not write (a backup of each is kept)."),
    ] = False,
) -> None:
    """GeoJSON, KML and shapefile of the property, buffer zone and components (for the WHC's GIS)."""
    from dossier import api
    from dossier.core.diagnostics import DossierError
    from dossier.report import findings

    try:
        paths, _diags = api.export_gis(folder, out, force=force)
    except api.UsageError as exc:
        _err(f"dossier: {exc}")
        raise typer.Exit(ExitCode.USAGE) from None
    except DossierError as exc:
        _err(findings.format_text(_here(exc.diagnostics, folder)))
        _err(f"{folder}: export failed, nothing written")
        raise typer.Exit(ExitCode.INVALID) from None
    for p in paths:
        typer.echo(p)


i18n_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Translated editions: catalogues for translators (PO files).",
)
app.add_typer(i18n_app, name="i18n")
LangsOpt = Annotated[
    list[str],
    typer.Option("--lang", "-l", help="Language of the edition, e.g. fr; repeat for several."),
]


@i18n_app.command("extract")
def i18n_extract(folder: DirArg, lang: LangsOpt) -> None:
    """Write or update DIR/i18n/LANG.po, the catalogue a translator works on.

    This is the one dossier command that writes inside the dossier folder, because you ask it to: each catalogue is replaced in one step and keeps every translation; a passage whose English changed keeps its translation, flagged fuzzy, with the earlier English beside it.

    Open the file in Poedit, Lokalize, Weblate, OmegaT, memoQ or Trados; then run 'dossier check --lang LANG' and 'dossier build --lang LANG'.
    """
    from dossier import api
    from dossier.core.diagnostics import DossierError
    from dossier.report import findings

    try:
        done = api.i18n_extract(folder, tuple(lang))
    except api.UsageError as exc:
        _err(f"dossier: {exc}")
        raise typer.Exit(ExitCode.USAGE) from None
    except DossierError as exc:
        _err(findings.format_text(exc.diagnostics))
        _err(f"{folder}: nothing written ({findings.summary(exc.diagnostics)})")
        raise typer.Exit(ExitCode.INVALID) from None
    for x in done:
        state = "written" if x.written else "unchanged"
        typer.echo(
            f"{x.path} ({state}): {x.units} passages, {x.translated} translated, "
            f"{x.fuzzy} to review (fuzzy), {x.untranslated} untranslated, {x.obsolete} obsolete"
        )


@i18n_app.command("status")
def i18n_status(
    folder: DirArg,
    lang: Annotated[str, typer.Option("--lang", "-l", help="Language of the edition, e.g. fr.")],
    doc: DocOpt = None,
) -> None:
    """The share of each official section translated, and what is out of date (reads only)."""
    from dossier import api
    from dossier.core.diagnostics import DossierError
    from dossier.report import findings

    try:
        result = api.i18n_status(folder, lang, docs=tuple(doc or [Doc.NOMINATION]))
    except api.UsageError as exc:
        _err(f"dossier: {exc}")
        raise typer.Exit(ExitCode.USAGE) from None
    except DossierError as exc:
        _err(findings.format_text(exc.diagnostics))
        raise typer.Exit(ExitCode.INVALID) from None
    problems = [d for d in result.diagnostics if d.rule != "i18n.untranslated"]
    if problems:
        _err(findings.format_text(problems, hints=False))
    typer.echo(findings.format_translation(result.translation))


bib_app = typer.Typer(rich_markup_mode=None, no_args_is_help=True, help="Bibliography tools.")
app.add_typer(bib_app, name="bib")


@bib_app.command("import")
def bib_import(
    bibtex: Annotated[Path, typer.Argument(help="A BibTeX file (.bib), e.g. exported by Zotero.")],
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write CSL-YAML here (default: print it).")
    ] = None,
) -> None:
    """Convert BibTeX into the CSL-YAML bibliography a dossier uses."""
    from dossier.bib.importer import BibtexImportError, import_bibtex

    try:
        text = bibtex.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _err(f"dossier: cannot read {bibtex}: {exc}")
        raise typer.Exit(ExitCode.USAGE) from None
    try:
        result = import_bibtex(text)
    except BibtexImportError as exc:
        for line, problem in exc.located:
            _err(f"{bibtex}{f':{line}:1' if line else ''}: error[bib.bibtex]: {problem}")
        _err("    hint: correct these entries (or export them again from the reference manager).")
        raise typer.Exit(ExitCode.INVALID) from None
    if out is None:
        typer.echo(result, nl=False)
    else:
        _write_report(out, result)
        typer.echo(out)


REPORT_BUGS = (
    "This is a bug in dossier, not in your dossier. Please report it to the dossier "
    "maintainers with the command you ran, this message and the full traceback "
    "(run the command again with DOSSIER_DEBUG=1 to see it)."
)


def _stopped(signum: int | None) -> NoReturn:
    """Exit as a process stopped by a signal: 130 for Ctrl-C, 143 for SIGTERM."""
    import signal

    sig = signum or signal.SIGINT
    name = (
        "interrupted (Ctrl-C)" if sig == signal.SIGINT else f"stopped ({signal.Signals(sig).name})"
    )
    _err(f"dossier: {name}; nothing was written or changed")
    sys.exit(128 + sig)


def main() -> None:
    """Console entry point: signals stop cleanly; anything unexpected is our bug, exit 3."""
    from dossier.core import interrupt

    interrupt.install()
    try:
        app()
    except SystemExit as exc:
        if exc.code == 130 and interrupt.received():  # typer's exit for a KeyboardInterrupt
            _stopped(interrupt.received())
        raise
    except KeyboardInterrupt as exc:
        _stopped(getattr(exc, "signum", None))
    except Exception as exc:  # last resort: never show a traceback for a user's input
        if os.environ.get("DOSSIER_DEBUG"):
            raise
        _err(f"dossier: internal error: {type(exc).__name__}: {exc}\n{REPORT_BUGS}")
        sys.exit(ExitCode.INTERNAL)


class RulesFormat(enum.StrEnum):
    text = "text"
    json = "json"


class RuleGroup(enum.StrEnum):
    sources = "sources"
    prose = "prose"
    bibliography = "bibliography"
    geometry = "geometry"
    translation = "translation"
    unesco = "unesco"
    build = "build"


@app.command("rules")
def rules_cmd(
    doc: DocOpt = None,
    fmt: Annotated[RulesFormat, typer.Option("--format", "-f", help="Listing format.")] = (
        RulesFormat.text
    ),
    group: Annotated[
        list[RuleGroup] | None,
        typer.Option("--group", "-g", help="Only these groups; repeat for several."),
    ] = None,
) -> None:
    """List every diagnostic id: severity per stage, source, documents, title."""
    from dossier.validate import rulebook

    docs = tuple(d.value for d in doc) if doc else None
    groups = tuple(g.value for g in group) if group else None
    rules = rulebook.select(docs, groups)
    if fmt is RulesFormat.json:
        typer.echo(rulebook.format_json(rules))
    else:
        typer.echo(rulebook.format_text(rules))
