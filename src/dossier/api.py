"""Public entry points. Never prints, never exits: returns results or raises."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dossier.core import collection
from dossier.core.diagnostics import Diagnostic, Severity, has_errors, sort_diagnostics
from dossier.core.ids import Doc, Format, Stage
from dossier.diff.sides import SideSpec as DiffSide
from dossier.load import sources
from dossier.scaffold.new import InitOptions
from dossier.scaffold.new import Source as InitSource
from dossier.validate import placeholders, refs, schema, suppress
from dossier.validate.result import CheckResult

if TYPE_CHECKING:
    from dossier.diff.report import DiffReport
    from dossier.diff.sides import Side

# Doc, Stage, Format and CheckResult are defined once below the api and offered here.
__all__ = [
    "BuildOptions",
    "BuildResult",
    "CheckResult",
    "DiffResult",
    "DiffSide",
    "Doc",
    "Format",
    "InitOptions",
    "InitSource",
    "PreviewOptions",
    "Stage",
    "UsageError",
    "build",
    "check",
    "diff",
    "export_gis",
    "find_dossiers",
    "i18n_extract",
    "i18n_status",
    "init",
    "preview",
]


_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


class UsageError(Exception):
    """The command line named something that cannot be used (exit code 2)."""


def _require_folder(root: Path) -> None:
    if not root.exists():
        raise UsageError(f"no such folder: {root}")
    if not root.is_dir():
        raise UsageError(
            f"not a folder: {root} (give the dossier folder, which holds dossier.yaml)"
        )


def check(
    root: Path,
    *,
    docs: tuple[Doc, ...] = (Doc.NOMINATION,),
    stage: Stage = Stage.DRAFT,
    lang: str | None = None,
    allow_untranslated: bool = False,
) -> CheckResult:
    """Load and validate a dossier; every problem found is returned, none raised.

    With ``lang`` other than the sources' language, the edition in that language is
    checked too (its catalogue, DIR/i18n/LANG.po) and the share translated is computed;
    otherwise no catalogue is read.
    """
    _require_folder(root)
    if lang is not None and not _LANGUAGE.match(lang):
        raise UsageError(f"--lang takes a language code such as fr, not {lang!r}")
    src = sources.load(root)
    diags = list(src.diagnostics)
    fatal = "" not in src.maps  # no manifest, or one dossier may not read (a link out)
    translation = None
    if not fatal:
        diags.extend(schema.validate(src))
        diags.extend(refs.check(src))
        # The further checks (prose, geometry, bibliography, UNESCO rules), imported here
        # so that `import dossier.api` stays light.
        from dossier.validate import registry

        diags.extend(
            registry.run_all(src, docs=docs, stage=stage, structural_ok=not has_errors(diags))
        )
        if lang is not None and _translated(src, lang):
            from dossier.i18n import coverage, edition
            from dossier.validate import translation as i18n_check

            diags.extend(i18n_check.check(src, lang, stage, allow_untranslated=allow_untranslated))
            translation = coverage.compute(
                src, edition.judge(src, lang), tuple(d.value for d in docs)
            )
        diags = placeholders.absorb(diags, src)
        sups, sup_diags = suppress.collect(src)
        diags.extend(sup_diags)
        diags = suppress.apply(diags, sups)
    return CheckResult(src, sort_diagnostics(_dedupe(diags)), translation)


def _translated(src: sources.Sources, lang: str) -> bool:
    """True when ``lang`` is not the language the sources are written in."""
    own = src.data.get("language")
    return lang != (own if isinstance(own, str) and own else "en")


def _edition(src: sources.Sources, lang: str) -> sources.Sources:
    """The sources as the edition in ``lang`` prints them: each draft of a redline takes
    its texts from its own catalogue, so that only what changed in that edition is marked."""
    if not _translated(src, lang):
        return src
    from dossier.i18n.edition import translate

    return translate(src, lang).src


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for d in diags:
        key = (d.rule, d.location, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


@dataclass(frozen=True)
class BuildOptions:
    docs: tuple[Doc, ...] = (Doc.NOMINATION,)
    formats: tuple[Format, ...] = (Format.PDF,)
    lang: str = "en"
    out_dir: Path = Path("build")
    pdf_variant: str | None = None
    reference_docx: Path | None = None
    keep_reference_headers: bool = False
    update_fields: bool = False
    strict: bool = False
    force: bool = False
    stage: Stage = Stage.DRAFT
    # An edition with passages not (or no longer) translated builds at --stage submission,
    # the English printed and marked, instead of failing.
    allow_untranslated: bool = False
    # A redline: changes since this earlier draft (a dossier folder, or a git revision of
    # the dossier's folder) marked in the documents, written as <doc>-<lang>-redline.<ext>.
    redline_from: str | None = None
    # Processes laying out the PDF (render.pdf_parallel); 0: as many as there are cores
    # when the document is long enough to gain from it.
    jobs: int = 0


@dataclass
class BuildResult:
    outputs: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def build(root: Path, options: BuildOptions, progress: Progress = _quiet) -> BuildResult:
    """Check, assemble, render every requested document, then write them all.

    Raises DossierError when the dossier is invalid or a renderer fails; in that case
    no file is written.
    """
    with collection.fewer_collections():
        return _checked_build(root, options, progress)


def _checked_build(root: Path, options: BuildOptions, progress: Progress) -> BuildResult:
    from dossier.core.diagnostics import DossierError

    progress("checking the sources")
    checked = check(
        root,
        docs=options.docs,
        stage=options.stage,
        lang=options.lang,
        allow_untranslated=options.allow_untranslated,
    )
    if checked.failed(strict=options.strict):
        raise DossierError(checked.diagnostics)
    edition_src = checked.src
    if _translated(checked.src, options.lang):
        progress(f"taking the {options.lang} texts from the catalogue")
        edition_src = _edition(checked.src, options.lang)
    if options.reference_docx is not None and Format.DOCX in options.formats:
        _check_reference_docx(options.reference_docx)
    if options.keep_reference_headers and options.reference_docx is None:
        raise UsageError("--keep-reference-headers needs a --reference-docx")
    if options.redline_from is not None:
        with _old_draft(root, options.redline_from) as old:
            return _build(root, checked, edition_src, options, progress, old)
    return _build(root, checked, edition_src, options, progress, None)


def _build(
    root: Path,
    checked: CheckResult,
    edition_src: sources.Sources,
    options: BuildOptions,
    progress: Progress,
    old: Side | None,
) -> BuildResult:
    """Assemble and render from ``edition_src`` (the sources, or their translated edition),
    marking the changes since ``old`` when there is one; write nothing on failure."""
    from dossier.assemble.document import build_document
    from dossier.core import interrupt, output
    from dossier.core.diagnostics import DossierError

    report = None
    if old is not None:
        from dossier.diff import engine, sides

        progress(f"comparing with {old.label}")
        new = sides.Side(str(root), "folder", root, checked.src)
        report = engine.compare(old, new, lang=options.lang)
    rendered: dict[Path, bytes] = {}
    problems: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    for doc in options.docs:
        interrupt.checkpoint()
        progress(f"{doc.value}: assembling the document")
        model = build_document(edition_src, doc.value, options.lang)
        problems.extend(d for d in model.diagnostics if d.severity is Severity.ERROR)
        warnings.extend(d for d in model.diagnostics if d.severity is not Severity.ERROR)
        suffix = ""
        if old is not None and report is not None:
            from dossier.diff import redline

            progress(f"{doc.value}: marking the changes since {old.label}")
            before = build_document(_edition(old.src, options.lang), doc.value, options.lang)
            summary = redline.summary_section(report, model.labels)
            model = redline.redline(before, model, since=old.label, summary=summary)
            suffix = "-redline"
        if checked.translation is not None and _translated(checked.src, options.lang):
            from dossier.assemble import translation_status

            status = translation_status.section(
                checked.translation, doc.value, checked.src.data, model.labels
            )
            if status is not None:  # after the redline summary: the list is not a change
                model.sections.insert(1 if suffix else 0, status)
        for fmt in options.formats:
            interrupt.checkpoint()
            progress(f"{doc.value}: rendering {fmt.value.upper()}")
            target = options.out_dir / f"{doc.value}-{options.lang}{suffix}.{fmt.value}"
            data, found = _render(model, fmt, checked.src.root, options)
            errors = [d for d in found if d.severity is Severity.ERROR]
            problems.extend(errors)
            warnings.extend(d for d in found if d.severity is not Severity.ERROR)
            rendered[target] = data
    if problems:
        raise DossierError(sort_diagnostics(_dedupe(problems)))
    interrupt.checkpoint()
    progress("writing the outputs")
    written = output.write_outputs(
        options.out_dir,
        rendered,
        force=options.force,
        protected=sources.source_folders(checked.src),
    )
    return BuildResult(written, sort_diagnostics(_dedupe([*checked.diagnostics, *warnings])))


@contextmanager
def _old_draft(root: Path, name: str) -> Iterator[Side]:
    """The earlier draft of a redline: a folder, or else a git revision of ``root``."""
    from dossier.core.diagnostics import DossierError
    from dossier.diff import sides

    path = Path(name)
    spec = DiffSide(path) if path.is_dir() else DiffSide(root, rev=name)
    try:
        with sides.open_side(spec) as old:
            if not old.usable:
                raise DossierError(_of_side(old))
            yield old
    except sides.SideError as exc:
        raise UsageError(f"--redline-from {name}: not a folder, and {exc}") from None


def _of_side(side: Side) -> list[Diagnostic]:
    """A side's findings, their messages saying which draft they are in."""
    from dataclasses import replace

    return [replace(d, message=f"in {side.label}: {d.message}") for d in side.diagnostics]


@dataclass
class DiffResult:
    """What `diff` found: the report, or why a side could not be compared."""

    old_label: str
    new_label: str
    report: DiffReport | None = None
    # Errors that stop a side being read (then report is None): `old` and `new`.
    problems: dict[str, list[Diagnostic]] = field(default_factory=dict)
    html: str | None = None
    html_diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.report is not None and self.report.changed


def diff(
    old: DiffSide,
    new: DiffSide,
    *,
    html: bool = False,
    doc: Doc = Doc.NOMINATION,
    lang: str = "en",
) -> DiffResult:
    """What changed from ``old`` to ``new`` (folders or git revisions of one): structured
    data, boundaries and prose, grouped by section; with ``html``, also a self-contained
    HTML redline of the document ``doc``. A name that cannot be used raises UsageError;
    a side that cannot be read is returned with its findings (``problems``)."""
    from dossier.diff import engine, sides

    try:
        with sides.open_side(old) as a, sides.open_side(new) as b:
            result = DiffResult(a.label, b.label)
            for key, side in (("old", a), ("new", b)):
                if not side.usable:
                    result.problems[key] = side.diagnostics
            if result.problems:
                return result
            result.report = engine.compare(a, b, doc.value, lang)
            if html:
                result.html, result.html_diagnostics = _redline_html(a, b, result.report, doc, lang)
            return result
    except sides.SideError as exc:
        raise UsageError(str(exc)) from None


def _redline_html(
    a: Side, b: Side, report: DiffReport, doc: Doc, lang: str
) -> tuple[str, list[Diagnostic]]:
    from dossier.assemble.document import build_document
    from dossier.diff import redline
    from dossier.render import html

    before = build_document(_edition(a.src, lang), doc.value, lang)
    after = build_document(_edition(b.src, lang), doc.value, lang)
    summary = redline.summary_section(report, after.labels)
    marked = redline.redline(before, after, since=a.label, summary=summary)
    return html.render_with_diagnostics(marked, root=b.root)


# A Word template holds styles, a theme, perhaps fonts and a logo: tens of megabytes at
# most. Its parts are read whole into memory, so a small file that unpacks to gigabytes
# (a zip bomb) is refused by the sizes its directory declares, before anything is unpacked.
REFERENCE_MAX_BYTES = 100 * 1024 * 1024


def _check_reference_docx(path: Path) -> None:
    """A --reference-docx must be a Word document of a sane size: say so before
    rendering anything."""
    import zipfile

    from dossier.core.diagnostics import DossierError, Location
    from dossier.core.paths import absolute

    if not path.is_file():
        raise UsageError(f"no such reference document: {path}")
    why = ""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        why = str(exc)
    else:
        names = {i.filename for i in infos}
        unpacked = sum(i.file_size for i in infos)
        if unpacked > REFERENCE_MAX_BYTES or path.stat().st_size > REFERENCE_MAX_BYTES:
            why = (
                f"it unpacks to {unpacked:,} bytes; a Word template is read whole, and "
                f"at most {REFERENCE_MAX_BYTES:,} are accepted"
            )
        elif "word/document.xml" not in names:
            why = "it has no Word document part (word/document.xml)"
        elif "word/styles.xml" not in names:
            why = "it has no Word styles (word/styles.xml)"
    if why:
        raise DossierError(
            [
                Diagnostic(
                    "render.reference-unreadable",
                    Severity.ERROR,
                    f"the reference document is not a Word file dossier can use ({why})",
                    Location(str(absolute(path))),
                    "Give a .docx or .dotx file saved by Word or LibreOffice, "
                    "or build without --reference-docx.",
                )
            ]
        )


def _render(
    model: object, fmt: Format, root: Path, options: BuildOptions
) -> tuple[bytes, list[Diagnostic]]:
    """Bytes of one output and the renderer's findings (errors fail the build)."""
    from dossier.core.model import Document

    assert isinstance(model, Document)
    if fmt is Format.HTML:
        from dossier.render import html

        text, found = html.render_with_diagnostics(model, root=root)
        return text.encode("utf-8"), found
    if fmt is Format.PDF:
        from dossier.render import pdf, pdf_parallel

        jobs = options.jobs or pdf_parallel.default_jobs()
        return pdf.render_with_diagnostics(model, variant=options.pdf_variant, root=root, jobs=jobs)
    from dossier.render import RenderError
    from dossier.render.docx import document

    try:
        data, found = document.render_with_diagnostics(
            model,
            reference_docx=options.reference_docx,
            root=root,
            keep_reference_headers=options.keep_reference_headers,
        )
    except RenderError as exc:  # the reference document could not be used
        return b"", exc.diagnostics
    from dossier.render import guards

    found.extend(guards.check_text(model, guards.model_text(model), "Word document"))
    if options.update_fields and not any(d.severity is Severity.ERROR for d in found):
        from dossier.render.docx import lo_update

        try:
            data = lo_update.update_fields(data)
        except lo_update.LibreOfficeError as exc:
            found.append(
                Diagnostic(
                    "render.libreoffice",
                    Severity.ERROR,
                    str(exc),
                    None,
                    "Install LibreOffice Writer (libreoffice-writer-nogui) or build without --update-fields.",
                )
            )
    return data, found


def export_gis(
    root: Path, out_dir: Path, *, force: bool = False
) -> tuple[list[Path], list[Diagnostic]]:
    """GeoJSON, KML and shapefile of the property, buffer zone and components.

    The boundaries must be valid (geometry errors raise DossierError); other
    findings of the check do not block an export. Written like a build's outputs: all
    or none, never over a file dossier did not write (OutputError, a DossierError),
    never among the dossier's sources.
    """
    from dossier.core.diagnostics import DossierError
    from dossier.geo.analysis import geo_summary
    from dossier.geo.export import export_gis as write_gis

    checked = check(root)
    geo_errors = [
        d for d in checked.diagnostics if d.severity is Severity.ERROR and d.suppressed is None
    ]
    summary, _ = geo_summary(checked.src)
    if summary is None or any(
        d.rule.startswith(("geo.", "yaml.", "path.", "schema.")) for d in geo_errors
    ):
        raise DossierError(
            geo_errors
            or [
                Diagnostic(
                    "geo.no-boundaries",
                    Severity.ERROR,
                    "the dossier has no property boundary to export",
                    None,
                    "Name a GeoJSON file under identification.boundaries.property.",
                )
            ]
        )
    written = write_gis(
        summary, out_dir, force=force, protected=sources.source_folders(checked.src)
    )
    return written, checked.diagnostics


@dataclass(frozen=True)
class Extracted:
    """One catalogue written (or already up to date) by i18n_extract."""

    lang: str
    path: Path
    written: bool
    units: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int


def i18n_extract(root: Path, langs: tuple[str, ...]) -> list[Extracted]:
    """Write or update DIR/i18n/LANG.po for each language: the one call that writes inside
    a dossier, because the user asked for it. Every catalogue is merged first; none is
    written if one cannot be (DossierError); each is replaced atomically."""
    from dossier.core.diagnostics import DossierError
    from dossier.core.output import write_atomic
    from dossier.i18n import po
    from dossier.i18n.extract import extract

    _require_folder(root)
    src = _loaded(root)
    own = src.data.get("language") if isinstance(src.data.get("language"), str) else "en"
    for lang in langs:
        if not po.valid_language(lang):
            raise UsageError(f"--lang takes a language code such as fr, not {lang!r}")
        if lang == own:
            raise UsageError(
                f"the sources are written in {lang!r}: translate into another language"
            )
    merged = []
    problems: list[Diagnostic] = []
    for lang in dict.fromkeys(langs):
        done, found = extract(src, lang)
        problems.extend(found)
        if done is not None:
            merged.append(done)
    if problems:
        raise DossierError(sort_diagnostics(problems))
    out = []
    for done in merged:
        if done.changed:
            write_atomic(done.path, done.merged.text.encode("utf-8"))
        m = done.merged
        out.append(
            Extracted(
                done.lang,
                done.path,
                done.changed,
                m.units,
                m.translated,
                m.fuzzy,
                m.untranslated,
                m.obsolete,
            )
        )
    return out


def i18n_status(root: Path, lang: str, *, docs: tuple[Doc, ...] = (Doc.NOMINATION,)) -> CheckResult:
    """The edition in ``lang`` alone: its findings and the share translated per section
    (no other check runs)."""
    from dossier.core.diagnostics import DossierError
    from dossier.i18n import coverage, edition
    from dossier.validate import translation as i18n_check

    _require_folder(root)
    src = _loaded(root)
    if not _translated(src, lang):
        raise UsageError(f"the sources are written in {lang!r}: name another language")
    try:
        diags = i18n_check.check(src, lang, Stage.DRAFT)
    except DossierError as exc:
        diags = exc.diagnostics
    cov = coverage.compute(src, edition.judge(src, lang), tuple(d.value for d in docs))
    return CheckResult(src, sort_diagnostics(_dedupe(diags)), cov)


def _loaded(root: Path) -> sources.Sources:
    """The sources, or DossierError when they cannot be read (YAML, paths)."""
    from dossier.core.diagnostics import DossierError

    src = sources.load(root)
    errors = [d for d in src.diagnostics if d.severity is Severity.ERROR]
    if "" not in src.maps or errors:
        raise DossierError(errors or src.diagnostics)
    return src


def init(
    folder: Path, options: InitOptions, *, force: bool = False, source: InitSource | None = None
) -> list[Path]:
    """Write a new dossier (every part the documents need, with placeholders) into
    ``folder``; never replaces a file. Bad answers or a non-empty folder: UsageError."""
    from dossier.scaffold import new

    try:
        return new.create(folder, options, force=force, source=source)
    except new.InitError as exc:
        raise UsageError(str(exc)) from None


@dataclass(frozen=True)
class PreviewOptions:
    docs: tuple[Doc, ...] = (Doc.NOMINATION,)
    lang: str | None = None
    stage: Stage = Stage.DRAFT
    host: str = "127.0.0.1"
    port: int = 8765
    # Listen on another address than this computer's loopback (the draft is then readable
    # by anyone who can reach it): only when the user asks for it by name.
    allow_remote: bool = False
    # An editor's address pattern such as vscode://file/{path}:{line}:{col}: the page then
    # links each place of the sources to it (files inside the dossier only).
    editor_url: str | None = None


def preview(root: Path, options: PreviewOptions, on_ready: Callable[[str], None] = _quiet) -> None:
    """Serve the live preview of the dossier until interrupted (Ctrl-C: ``Interrupted``
    raises out of here, after the server, its streams and the watcher have stopped).
    ``on_ready`` receives the address once the first rendering is served. A host or port
    that cannot be used raises UsageError."""
    from dossier.preview.server import BindError, Preview, Settings

    _require_folder(root)
    if options.lang is not None and not _LANGUAGE.match(options.lang):
        raise UsageError(f"--lang takes a language code such as fr, not {options.lang!r}")
    if options.editor_url is not None:
        from dossier.preview.links import pattern_problem

        if (problem := pattern_problem(options.editor_url)) is not None:
            raise UsageError(problem)
    docs = tuple(dict.fromkeys(options.docs)) or (Doc.NOMINATION,)
    settings = Settings(
        docs=tuple(d.value for d in docs),
        lang=options.lang,
        stage=options.stage.value,
        host=options.host,
        port=options.port,
        allow_remote=options.allow_remote,
        editor_url=options.editor_url,
    )

    def checked() -> CheckResult:
        return check(root, docs=docs, stage=options.stage, lang=options.lang)

    server = Preview(root, settings, checked)
    try:
        try:
            url = server.start()
        except BindError as exc:
            raise UsageError(str(exc)) from None
        on_ready(url)
        server.wait()
    finally:
        server.stop()


# Folders never searched for dossiers: tools' caches, environments and build outputs.
_NOT_DOSSIERS = frozenset({"node_modules", "build", "dist", "__pycache__", "venv"})


def find_dossiers(top: Path) -> list[Path]:
    """Every folder at or below ``top`` that holds a dossier.yaml, as ``top`` / ...
    (hidden folders, environments and build outputs are skipped; a dossier's own
    subfolders are not searched)."""
    import os

    found: list[Path] = []
    for here, dirs, files in os.walk(top):
        if sources.MANIFEST in files:
            found.append(Path(here))
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _NOT_DOSSIERS)
    return sorted(found)
