"""The ``ecorules`` command line.

Imports of the engine and plugins happen inside the commands, so ``--help``
stays fast and works even when a plugin is broken.
"""

from __future__ import annotations

import datetime
import itertools
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ecorules.gate.policy import INPUT_ERROR, INTERNAL_ERROR
from ecorules.model.errors import EcorulesError, UsageError
from ecorules.model.limits import in_force as limits_in_force
from ecorules.model.text import Lang, T, default_lang, printable

app = typer.Typer(
    name="ecorules",
    help=(
        "Check district data submissions against China's ecological-civilization indicator "
        "systems and plan targets, written as TOML rule sets.\n\n"
        "生态文明建设示范区建设指标\n\n"
        "\b\nStart with:\n  ecorules check examples/yubei/yubei-2023.csv\n"
        "  ecorules check examples/yubei/ --format html -o report.html"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help, rewrapped to the terminal's width: brackets such as [tool.ecorules] are text,
    # not markup, and paragraphs are not cut where the source line ends.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
rulesets_app = typer.Typer(
    help="List the installed rule sets, or show one.\n\n\b\nExample:\n  ecorules rulesets list\n  ecorules rulesets show cn-eco-county-2024",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(rulesets_app, name="rulesets")
new_app = typer.Typer(help="Start a rule pack: a plugin package, or a first case file.", no_args_is_help=True)
app.add_typer(new_app, name="new")


class FailOnChoice(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


class TestFormat(str, Enum):
    text = "text"
    junit = "junit"


class LangChoice(str, Enum):
    zh = "zh"
    en = "en"


def _version(value: bool) -> None:
    if value:
        from ecorules import __version__

        typer.echo(f"ecorules {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    pass


def _lang(choice: LangChoice | None, configured: Lang | None = None) -> Lang:
    """--lang, else ECORULES_LANG, else the settings file's lang, else the locale's."""
    if choice:
        return choice.value
    if configured and os.environ.get("ECORULES_LANG", "").strip().lower() not in ("zh", "en"):
        return configured
    return default_lang()


def _written_files(output: Path | None, write_baseline: Path | None, options: Any) -> tuple[Path, ...]:
    """The files a check writes, refused when they are files it reads: a waivers, baseline or
    settings file (checked here) or a submission (checked as the inputs are listed)."""
    writes = tuple(p for p in (output, write_baseline) if p is not None)
    reads = [p for p in (options.waivers or None, options.baseline) if isinstance(p, Path)]
    for written in writes:
        for read in reads:
            if written.resolve() == Path(read).resolve():
                raise UsageError(
                    T(
                        f"{written} 是本次读取的豁免或基线文件，不能作为输出；请换一个路径",
                        f"{written} is the waivers or baseline file this run reads; it cannot be the output",
                    ),
                    code="usage.output-is-input",
                )
    return writes


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _selectors(values: Iterable[str]) -> tuple[str, ...]:
    """--select EC24-04,EC24-06 --select 8: every comma-separated entry, in order."""
    return tuple(dict.fromkeys(part.strip() for value in values for part in value.split(",") if part.strip()))


def _say_error(exc: EcorulesError, lang: Lang) -> None:
    typer.echo(("错误：" if lang == "zh" else "error: ") + exc.render(lang), err=True)


@contextmanager
def _errors_exit_2(lang: Lang) -> Iterator[None]:
    """A problem the user can fix ends the command with its message, in the chosen language, and exit 2."""
    try:
        yield
    except EcorulesError as exc:
        _say_error(exc, lang)
        raise typer.Exit(INPUT_ERROR) from None


def _jobs(value: str) -> int:
    """--jobs: a positive number, or auto (one process per core)."""
    if value.strip().lower() == "auto":
        return os.cpu_count() or 1
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise UsageError(
            T(
                f"--jobs 应为正整数或 auto，而不是「{value}」",
                f"--jobs must be a positive number or auto, not {value!r}",
            ),
            code="usage.invalid",
        )
    return jobs


def _limits(configured: dict[str, int], flags: list[str]) -> Any:
    """The limits for a run: the defaults, changed by the settings file's [limits], then by
    each ``--limit NAME=N``."""
    from ecorules.model.limits import LIMITS, Limits

    given: dict[str, int] = {}
    for flag in flags:
        name, _, number = flag.partition("=")
        name = name.strip()
        try:
            given[name] = int(number.strip().replace("_", ""))
        except ValueError:
            given[name] = -1  # refused below, with the limit's range
        if name not in LIMITS:
            raise UsageError(
                T(
                    f"--limit：未知的限制「{name}」（可用：{', '.join(LIMITS)}）",
                    f"--limit: unknown limit {name!r} (known: {', '.join(LIMITS)})",
                ),
                code="usage.invalid",
            )
        spec = LIMITS[name]
        if not spec.minimum <= given[name] <= spec.ceiling:
            raise UsageError(
                T(
                    f"--limit {flag}：应为 {spec.minimum} 到 {spec.ceiling} 之间的整数",
                    f"--limit {flag}: must be a whole number from {spec.minimum} to {spec.ceiling}",
                ),
                code="usage.invalid",
            )
    return Limits().with_settings({**configured, **given})


def _rule_helper(components: Any, engine: Any, ruleset: str | None) -> Any:
    """A rule's help for reports (``ReportOptions.rule_help``): what ``ecorules explain``
    prints, worked out once per rule and language. ``ruleset``: check's --ruleset, which may
    be a file rather than an installed rule set."""
    import functools
    import re

    from ecorules import record_kinds
    from ecorules.interfaces import RuleHelp

    @functools.cache
    def help_for(ruleset_id: str, rule_id: str, lang: Lang) -> RuleHelp | None:
        try:
            registered = components.lookup_ruleset(ruleset) if ruleset else None
            if registered is None or registered.ruleset.ruleset.id != ruleset_id:
                registered = components.rulesets.get(ruleset_id)
            rule = registered.ruleset.rule(rule_id)
            if rule is None:
                return None
            text = record_kinds.of(rule).explain(registered, rule, lang, components.kinds, engine).rstrip("\n")
        except EcorulesError:  # a rule set given as a file, or one the engine cannot explain
            return None
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", text)), default=0))
        return RuleHelp(text, f"{fence}text\n{text}\n{fence}", registered.ruleset.ruleset.document.url)

    return help_for


def _report_problems(lang: Lang) -> None:
    """Plugins that failed to load, and rule sets found invalid, are said once each, on
    stderr, and skipped. Called before a command's work and again after it: a rule set is
    validated when first used, so one may be found invalid during the work."""
    from ecorules.plugins import components

    c = components()
    for line in c.problems[c.problems_said :]:
        typer.echo(("警告：" if lang == "zh" else "warning: ") + line.get(lang), err=True)
    c.problems_said = len(c.problems)


# The settings of `check` a settings file may give, with their built-in defaults (what `check`
# uses when neither a flag nor the file says), in the order of `check --help`.
SETTING_DEFAULTS: dict[str, object] = {
    "ruleset": None,
    "year": None,
    "format": "text",
    "lang": None,
    "fail_on": "error",
    "input_format": None,
    "encoding": None,
    "engine": "python",
    "waivers": None,
    "baseline": None,
    "pattern": None,
    "jobs": 1,
    "sarif_github": False,
    "expiry_warning": 30,
    "select": (),
    "ignore": (),
    "severity": {},
    "limits": {},  # only those changed; `ecorules config` lists every limit
}


@app.command()
def check(
    files: Annotated[
        list[str],
        typer.Argument(
            help="Submission files (.xlsx, .csv, .json), folders (searched recursively for the "
            "extensions ecorules reads), glob patterns such as 'data/**/*.csv' (expanded by ecorules, "
            "also on Windows), or - to read paths from stdin, one per line. Each file is checked on its "
            "own; a workbook listing several years gives one result per year.",
            show_default=False,
        ),
    ],
    ruleset: Annotated[
        Optional[str],  # noqa: UP045 - typer needs Optional on 3.10
        typer.Option(
            "--ruleset",
            "-r",
            help="Rule set ID (see 'ecorules rulesets list') or path to a rule-set .toml file. Default: "
            "the one the file names (submission.ruleset), else the one in force for the submission's year.",
        ),
    ] = None,
    year: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--year",
            help="Check only the submissions of this reporting year (a file listing several years, "
            "such as a wide table with the years 2019-2022, gives one result per year otherwise); earlier "
            "years in the file still serve its trends. A year the file does not hold is an error (exit 2). "
            "Example: ecorules check yubei-2019-2022.xlsx --ruleset cn-eco-county-2019 --year 2022",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            help="Output format: text (default), json, sarif, junit, github, markdown, html (a page to open "
            "or print), xlsx (an annotated copy of the workbook; needs -o FILE.xlsx), or one a plugin adds.",
        ),
    ] = None,
    lang: Annotated[
        Optional[LangChoice],  # noqa: UP045
        typer.Option(
            "--lang",
            help="Report language. Default: ECORULES_LANG, else the settings file's lang, "
            "else zh on a Chinese locale, else en.",
        ),
    ] = None,
    fail_on: Annotated[
        Optional[FailOnChoice],  # noqa: UP045
        typer.Option(
            "--fail-on",
            help="Exit 1 when a finding fails at this severity or above: error (default) = binding "
            "(约束性) indicators, warning = also reference (参考性) ones, never = report only.",
        ),
    ] = None,
    input_format: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--input-format", help="Read the files as this format instead of guessing from the extension."),
    ] = None,
    encoding: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--encoding",
            help="Text encoding of the input files (default: detect UTF-8 / GB18030 for CSV, UTF-8 for JSON).",
        ),
    ] = None,
    engine: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--engine",
            help="Evaluation backend: python (built in, the default) or one a plugin registers; "
            "'ecorules plugins' lists them, and an unknown name is refused with the list.",
        ),
    ] = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help="Write the report (--format) to this file, atomically; the summary still goes to the terminal.",
        ),
    ] = None,
    waivers: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--waivers",
            help="Waivers file for every submission. Default: a waivers.toml next to each submission "
            "(or in a parent folder up to the working directory or repository root).",
        ),
    ] = None,
    no_waivers: Annotated[bool, typer.Option("--no-waivers", help="Ignore waivers files.")] = False,
    baseline: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--baseline", help="Fail only on findings not recorded in this baseline file."),
    ] = None,
    write_baseline: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--write-baseline", help="Record the failing findings of this run as the baseline, then exit 0."),
    ] = None,
    pattern: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--pattern", help="In folders given, check only files whose name matches, e.g. '*-2023.csv'."),
    ] = None,
    jobs: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--jobs",
            "-j",
            help="Check files in this many processes (a number, or auto = one per core; default 1). "
            "The report keeps the order of the inputs.",
        ),
    ] = None,
    sarif_github: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option(
            "--sarif-github/--no-sarif-github",
            help="SARIF for GitHub code scanning: line 1 where a result has no line, the cell named in the message.",
            show_default=False,
        ),
    ] = None,
    select: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--select",
            help="Check only these rules: rule IDs (EC24-06.5), prefixes (EC24-17) or indicator numbers (4), "
            "comma-separated or repeated. Replaces the configuration's select.",
            show_default=False,
        ),
    ] = None,
    ignore: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--ignore",
            help="Do not check these rules (same forms as --select; ignore wins). Replaces the configuration's ignore.",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--limit",
            help="Change a resource limit for this run, NAME=N (repeatable): e.g. --limit rows=500000 "
            "--limit seconds-per-file=300. Wins over the settings file's [limits]. 'ecorules config' lists "
            "them; docs/security.md says what each bounds.",
            show_default=False,
        ),
    ] = None,
    config: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--config",
            help="Settings file to use (default: ecorules.toml, .ecorules.toml or pyproject.toml [tool.ecorules], "
            "found from the working directory up to the repository root). See 'ecorules config'.",
        ),
    ] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Use no settings file.")] = False,
    width: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--width",
            min=60,
            help="Fit the text report into this many columns (60 or more), wrapping long wording inside its "
            "column. Default: the terminal's width, or COLUMNS when set; no limit when piped.",
            show_default=False,
        ),
    ] = None,
    compact: Annotated[
        bool, typer.Option("--compact", help="Text report: only what fails, one line each, and the counts.")
    ] = False,
) -> None:
    """Check submissions and report findings with rule IDs and regulation citations.

    Formats: text, json, sarif, junit, github, markdown, html, xlsx (and any a
    plugin adds); html and xlsx are for people, see docs/reports.md.

    Exit codes: 0 nothing failed at or above --fail-on (waived and baselined findings do
    not fail); 1 something did; 2 usage or input error (a file that cannot be read is
    reported and the other files are still checked). See docs/ci.md.

    Defaults for every option, and the rules to check (select, ignore, [severity]), can be
    set in ecorules.toml or pyproject.toml [tool.ecorules]; flags win. See 'ecorules config'.

    \b
    Examples:
      ecorules check examples/yubei/yubei-2023.csv --lang zh
      ecorules check data/ --compact
      ecorules check data/*.xlsx --format html -o overview.html
      ecorules check yubei.xlsx --format xlsx -o yubei-checked.xlsx
    """
    with _errors_exit_2(_lang(lang)):
        from ecorules.config import load_applying_config

        settings = load_applying_config(config, use=not no_config)
    language = _lang(lang, settings.get("lang"))
    with _errors_exit_2(language):
        run_limits = _limits(settings.get("limits") or {}, limit or [])
    with _errors_exit_2(language), limits_in_force(run_limits):
        from ecorules.interfaces import ReportOptions
        from ecorules.model.selection import RuleSelection
        from ecorules.pipeline import CheckOptions, run_check
        from ecorules.plugins import components

        def chosen(flag: Any, name: str) -> Any:
            """The command line, else the settings file, else the default."""
            value = settings.get(name) if flag is None else flag
            return SETTING_DEFAULTS[name] if value is None else value

        _report_problems(language)
        format = chosen(format, "format")
        sarif_github = bool(chosen(sarif_github, "sarif_github"))
        reporter = components().reporters.get(format)
        _needs_workbook_output(reporter, output)
        options = CheckOptions(
            ruleset=chosen(ruleset, "ruleset"),
            year=chosen(year, "year"),
            input_format=chosen(input_format, "input_format"),
            engine=chosen(engine, "engine"),
            encoding=chosen(encoding, "encoding"),
            waivers=False if no_waivers else chosen(waivers, "waivers"),
            baseline=chosen(baseline, "baseline"),
            write_baseline=write_baseline,
            fail_on=chosen(fail_on.value if fail_on else None, "fail_on"),
            pattern=chosen(pattern, "pattern"),
            jobs=_jobs(str(chosen(jobs, "jobs"))),
            expiry_warning=chosen(None, "expiry_warning"),
            selection=RuleSelection(
                select=_selectors(chosen(select, "select")),
                ignore=_selectors(chosen(ignore, "ignore")),
                severity=tuple((settings.get("severity") or {}).items()),
            ),
            limits=run_limits,
        )
        columns = _report_width(width, output)
        parts = None
        if options.jobs > 1 and hasattr(reporter, "part") and hasattr(reporter, "stream"):
            # with --jobs, a report written result by result is written by the workers, part by part
            parts = (format, ReportOptions(lang=language, sarif_github=sarif_github, width=columns, compact=compact))
        run = run_check(
            files,
            options,
            on_error=lambda exc: _say_error(exc, language),
            report_parts=parts,
            writes=_written_files(output, write_baseline, options),
        )
        # the report names the files that could not be read, too (run.unreadable fills as it goes)
        report_options = ReportOptions(
            lang=language,
            sarif_github=sarif_github,
            unreadable=run.unreadable,
            rule_help=_rule_helper(components(), run.checker.engine, options.ruleset) if format == "sarif" else None,
            width=columns,
            compact=compact,
        )
        results = iter(run)
        first = next(results, None)  # no report at all when no file could be read
        if first is not None:
            _report(reporter, itertools.chain([first], results), report_options, output, language)
        for stale in run.stale_waivers:
            typer.echo(("警告：" if language == "zh" else "warning: ") + stale.describe(language), err=True)
        for soon in run.expiring_waivers:
            until = soon.waiver.expires
            days = (until - (options.today or datetime.date.today())).days
            typer.echo(
                T(
                    f"提示：豁免 {soon.where()}（{soon.waiver.what()}）将于 {until.isoformat()} 到期（还有 {days} 天）",
                    f"note: waiver {soon.where()} ({soon.waiver.what()}) expires on {until.isoformat()}, in {days} days",
                ).get(language),
                err=True,
            )
        if run.baseline_unmatched:
            typer.echo(
                T(
                    f"警告：基线 {options.baseline} 的 {run.baseline_unmatched} 条记录没有匹配到本次任何未通过的结果"
                    "（是否在另一个目录下写入，或文件已改名？）",
                    f"warning: none of the {run.baseline_unmatched} entries of the baseline {options.baseline} matched "
                    "a failing finding in this run (was it written from another folder, or were files renamed?)",
                ).get(language),
                err=True,
            )
        for selector in run.unused_selectors if first is not None else []:
            typer.echo(
                T(
                    f"警告：规则选择「{selector}」（select / ignore / severity）没有匹配到本次检查的任何规则",
                    f"warning: rule selector {selector!r} (select / ignore / severity) matched no rule checked in this run",
                ).get(language),
                err=True,
            )
        if run.baseline_written is not None:
            typer.echo(
                T(
                    f"已写入基线 {write_baseline}：{len(run.baseline_written.findings)} 条未通过的结果",
                    f"wrote baseline {write_baseline}: {len(run.baseline_written.findings)} failing findings",
                ).get(language),
                err=True,
            )
        _report_problems(language)  # rule sets found invalid while choosing one
    raise typer.Exit(run.exit_code)


def _report_width(width: int | None, output: Path | None) -> int | None:
    """The columns the text report fits into: --width, else a terminal's width (COLUMNS wins,
    as everywhere), else COLUMNS for a pipe that sets it; None (no limit) for a file or a pipe."""
    if width is not None:
        return width
    # the report's table needs 60 columns (the number, the rule ID and the shortest wording);
    # a narrower terminal wraps its lines instead
    columns = os.environ.get("COLUMNS", "").strip()
    if output is None and columns.isdigit() and int(columns) >= 20:
        return max(int(columns), 60)
    if output is None and sys.stdout.isatty():
        import shutil

        return max(shutil.get_terminal_size().columns, 60)
    return None


def _report(reporter: Any, results: Iterator[Any], options: Any, output: Path | None, lang: Lang) -> None:
    """Render the results as they come: a reporter that can stream (``stream``) writes each
    result's part as soon as it is checked, so a run over thousands of files holds none of
    them; any other reporter gets the whole list. With ``--output`` the file is replaced only
    when complete, and each result's summary line goes to the terminal."""
    summaries: list[str] = []
    if output is not None:
        from ecorules.model.findings import unprepared
        from ecorules.reporters.wording import summary_line

        def noted(items: Iterator[Any]) -> Iterator[Any]:
            for item in items:
                r, _ = unprepared(item)
                # a project table has no year: its heading names it instead
                label = r.year if r.year is not None else r.heading.get(lang)
                summaries.append(f"{r.source} {label}: {summary_line(r, lang)}")
                yield item

        results = noted(results)
    if hasattr(reporter, "render_bytes"):  # a file, not text: a workbook
        _write_file_report(reporter, results, options, output, lang)
        for line in summaries:
            typer.echo(printable(line))
        return
    stream = getattr(reporter, "stream", None)
    # bytes: a part a --jobs worker wrote as UTF-8 (see the Reporter protocol)
    chunks: Iterable[str | bytes] = stream(results, options) if stream else [reporter.render(list(results), options)]
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk if isinstance(chunk, str) else chunk.decode())
        sys.stdout.flush()
        return
    from ecorules.model.files import writing_atomically

    with writing_atomically(output) as out:
        for chunk in chunks:
            if isinstance(chunk, str):
                out.write(chunk)
            else:  # after the text before it, into the file as it is
                out.flush()
                out.buffer.write(chunk)
    for line in summaries:
        typer.echo(printable(line))


def _write_file_report(reporter: Any, results: Iterator[Any], options: Any, output: Path | None, lang: Lang) -> None:
    """A report that is a file of its own (``--format xlsx``): written whole, atomically, to
    --output, which it needs."""
    from ecorules.model.files import write_atomically

    _needs_workbook_output(reporter, output)
    assert output is not None
    write_atomically(output, reporter.render_bytes(results, options))


def _needs_workbook_output(reporter: Any, output: Path | None) -> None:
    """A workbook report is refused before anything is checked when -o names no .xlsx file."""
    if hasattr(reporter, "render_bytes") and (output is None or output.suffix.lower() != ".xlsx"):
        raise UsageError(
            T(
                f"--format {reporter.name} 生成的是工作簿文件，请用 -o 指定 .xlsx 输出文件，例如 -o checked.xlsx",
                f"--format {reporter.name} writes a workbook: name an .xlsx file with -o, for example -o checked.xlsx",
            ),
            code="usage.output-extension",
        )


class LayoutChoice(str, Enum):
    wide = "wide"
    long = "long"


@app.command()
def template(
    ruleset: Annotated[
        str, typer.Option("--ruleset", "-r", help="Rule set ID (see 'ecorules rulesets list') or a .toml file.")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write: .xlsx (with drop-downs) or .csv (UTF-8 with BOM).")
    ],
    year: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--year", help="Reporting year. Default: last year."),
    ] = None,
    baseline_year: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--baseline-year", help="Add a column for this year, which trends are judged against."),
    ] = None,
    layout: Annotated[
        LayoutChoice,
        typer.Option(
            "--layout",
            help="wide: one row per sub-item, one column per year (like the plans' tables); long: one row per value.",
        ),
    ] = LayoutChoice.wide,
    force: Annotated[bool, typer.Option("--force", help="Overwrite OUTPUT if it exists.")] = False,
) -> None:
    """Write a fill-in template for a rule set: one row per sub-item to submit, with its
    Chinese name, unit and threshold wording, and an instructions sheet.

    Fill it in and check it as it is:  ecorules check FILE

    \b
    Example:
      ecorules template -r cn-eco-county-2024 --year 2024 -o yubei-2024.xlsx
    """
    import datetime

    language = default_lang()
    with _errors_exit_2(language):
        from ecorules import record_kinds
        from ecorules.commands.template import build_template, write_template
        from ecorules.plugins import components

        if output.suffix.lower() not in (".xlsx", ".csv"):
            raise UsageError(
                T(f"输出文件应为 .xlsx 或 .csv：{output}", f"the output must be an .xlsx or .csv file: {output}"),
                code="usage.output-extension",
            )
        if output.exists() and not force:
            raise UsageError(
                T(f"{output} 已存在；如需覆盖请加 --force", f"{output} exists; add --force to overwrite it"),
                code="usage.output-exists",
            )
        registered = components().lookup_ruleset(ruleset)
        if not record_kinds.of(registered.ruleset).has_template:
            raise UsageError(
                T(
                    f"{registered.ruleset.ruleset.id} 是项目规则集，模板只适用于指标规则集；"
                    f"项目表的列见 ecorules rulesets show {registered.ruleset.ruleset.id}",
                    f"{registered.ruleset.ruleset.id} is a project rule set; templates are for indicator rule sets. "
                    f"For a project table's columns see 'ecorules rulesets show {registered.ruleset.ruleset.id}'",
                ),
                code="usage.no-template",
            )
        year = year or datetime.date.today().year - 1
        # has_template: an indicator rule set
        built = build_template(registered.ruleset, year, baseline_year, components().kinds)  # type: ignore[arg-type]
        write_template(built, output, layout.value)
    typer.echo(
        T(
            f"已写入 {output}：{len(built.rows)} 个子项，{year} 年（规则集 {registered.ruleset.ruleset.id}）",
            f"wrote {output}: {len(built.rows)} sub-items for {year} (rule set {registered.ruleset.ruleset.id})",
        ).get(language),
        err=True,
    )


@rulesets_app.command("list")
def rulesets_list(
    lang: Annotated[Optional[LangChoice], typer.Option("--lang", help="Language of the titles.")] = None,  # noqa: UP045
) -> None:
    """List installed rule sets: ID, version, reporting years, source document.

    \b
    Example:
      ecorules rulesets list --lang zh
    """
    from ecorules.plugins import components

    language = _lang(lang)
    listed = components().rulesets.all()  # validates each, so that an invalid one is reported
    _report_problems(language)
    for reg in listed:
        meta = reg.ruleset.ruleset
        rules = len(reg.ruleset.rules)
        typer.echo(
            f"{meta.id}  {meta.version}  {meta.kind}  years {meta.years.describe()}  {rules} rules  "
            f"{meta.title.get(language)} ({meta.document.number})  [{reg.plugin}]"
        )


@rulesets_app.command("show")
def rulesets_show(
    ruleset: Annotated[str, typer.Argument(help="Rule set ID or family (see 'ecorules rulesets list').")],
    lang: Annotated[Optional[LangChoice], typer.Option("--lang", help="Report language.")] = None,  # noqa: UP045
) -> None:
    """Show a rule set: its source document, years, notes, and every indicator with its rules.

    \b
    Example:
      ecorules rulesets show cn-eco-county-2024 --lang en
    """
    language = _lang(lang)
    with _errors_exit_2(language):
        from ecorules import record_kinds
        from ecorules.plugins import components

        _report_problems(language)
        reg = components().lookup_ruleset(ruleset)
    rs, meta = reg.ruleset, reg.ruleset.ruleset
    out = [
        f"{meta.id} {meta.version}  {meta.title.get(language)}",
        f"{T('文件', 'file').get(language)}: {reg.source}  [{reg.plugin}]",
        f"{T('依据', 'source').get(language)}: {meta.document.number} {meta.document.title.get(language)}",
        f"{T('适用年份', 'reporting years').get(language)}: {meta.years.describe()}"
        f"  {T('系列', 'family').get(language)}: {meta.family_id}"
        + (f"  {T('适用地区', 'districts').get(language)}: {', '.join(meta.districts)}" if meta.districts else ""),
    ]
    if meta.notes:
        out.append(T("说明：", "Notes:").get(language))
        out += [f"  - {note.get(language)}" for note in meta.notes]
    out.append("")
    typer.echo("\n".join(out + record_kinds.of(rs).show(rs, language, components().kinds)))


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="A rule ID such as EC24-04.1 (former IDs work too).")],
    ruleset: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--ruleset", "-r", help="Look only in this rule set (ID, family or .toml file)."),
    ] = None,
    lang: Annotated[Optional[LangChoice], typer.Option("--lang", help="Report language.")] = None,  # noqa: UP045
    engine: Annotated[
        str, typer.Option("--engine", help="Evaluation backend that checks the examples (see 'ecorules plugins').")
    ] = "python",
) -> None:
    """Explain a rule: the regulation's wording in Chinese and English, threshold, unit,
    binding or reference, citation, and a passing and a failing example checked by the engine.

    \b
    Example:
      ecorules explain EC24-04.1 --lang zh
    """
    language = _lang(lang)
    with _errors_exit_2(language):
        from ecorules.plugins import components

        _report_problems(language)
        selected = components().engines.get(engine)
        if ruleset:
            reg = components().lookup_ruleset(ruleset)
            rule = reg.ruleset.rule(rule_id)
            found = [(reg, rule)] if rule is not None else []
        else:
            found = components().rulesets.find_rule(rule_id)
        _report_problems(language)  # the rule sets just validated to look for the rule
        if not found:
            raise UsageError(
                T(
                    f"找不到规则「{rule_id}」；规则编号见 ecorules rulesets show <规则集>",
                    f"no rule {rule_id!r} in the installed rule sets; see 'ecorules rulesets show <ID>' for rule IDs",
                ),
                code="usage.unknown-rule",
            )
        from ecorules import record_kinds

        kinds = components().kinds
        text = "\n".join(record_kinds.of(rule).explain(reg, rule, language, kinds, selected) for reg, rule in found)
    typer.echo(text, nl=False)


@app.command("lint-ruleset")
def lint_ruleset(
    files: Annotated[list[Path], typer.Argument(help="Rule-set TOML files to check.", show_default=False)],
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    lang: Annotated[Optional[LangChoice], typer.Option("--lang", help="Language of the messages.")] = None,  # noqa: UP045
) -> None:
    """Check rule-set files for plugin authors: every error at once, each with file, key and
    line, plus warnings (unread items, implausible thresholds, ID clashes).

    Exit codes: 0 valid; 1 errors (or warnings with --strict); 2 a file cannot be read.

    \b
    Example:
      ecorules lint-ruleset my-rules.toml --strict
    """
    from ecorules import record_kinds
    from ecorules.commands.lint import LintWarning, lint_file, render
    from ecorules.plugins import components

    language = _lang(lang)
    installed = {r.ruleset.ruleset.id: r.source for r in components().rulesets.all()}
    kinds = components().kinds

    def warnings_for(rs: Any) -> list[LintWarning]:
        return record_kinds.of(rs).lint(rs, kinds)

    worst = 0
    for path in files:
        if not path.is_file():
            why = (
                T("这是一个目录，不是文件", "a folder, not a file")
                if path.is_dir()
                else T("文件不存在", "file not found")
            )
            typer.echo(f"{path}: {why.get(language)}", err=True)
            worst = max(worst, INPUT_ERROR)
            continue
        rs, problems = lint_file(path, installed, kinds, warnings_for)
        for problem in problems:
            typer.echo(render(problem, str(path), language))
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        if rs is not None:
            meta = rs.ruleset
            kind = record_kinds.of(rs)
            n = kind.groups(rs)
            typer.echo(
                T(
                    f"{path}：{meta.id} {meta.version}：{n} 项{kind.group_word.zh}，{len(rs.rules)} 条规则，"
                    f"{errors} 个错误，{warnings} 个警告",
                    f"{path}: {meta.id} {meta.version}: {n} {kind.group_word.en}, {len(rs.rules)} rules, "
                    f"{_count(errors, 'error')}, {_count(warnings, 'warning')}",
                ).get(language)
            )
        else:
            typer.echo(T(f"{path}：{errors} 个错误", f"{path}: {_count(errors, 'error')}").get(language))
        if errors or (strict and warnings):
            worst = max(worst, 1)
    raise typer.Exit(worst)


@app.command("test")
def test_cases(
    paths: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(
            help="Case files (*.cases.toml) or folders to search (default: the current folder).", show_default=False
        ),
    ] = None,
    min_coverage: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(
            "--min-coverage",
            min=0,
            max=100,
            help="Exit 1 when fewer than this percentage of the rules are covered (0–100).",
            show_default=False,
        ),
    ] = None,
    format_: Annotated[
        TestFormat, typer.Option("--format", help="text, or junit (JUnit XML for CI).")
    ] = TestFormat.text,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout.", show_default=False),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List passing cases too.")] = False,
    engine: Annotated[str, typer.Option("--engine", help="The engine the cases run on.")] = "python",
    lang: Annotated[Optional[LangChoice], typer.Option("--lang", help="Language of the report.")] = None,  # noqa: UP045
) -> None:
    """Run a rule pack's test cases through the engine and report rule coverage.

    Each case in a *.cases.toml file gives a few submitted values (or rows of projects), names
    a rule or indicator and the status it must get. Coverage lists the rules no case tests,
    and those whose passing or failing side no case reaches.

    Example:  ecorules test --min-coverage 100      (every case file under this folder)

    Exit codes: 0 all cases pass; 1 a case fails, or coverage is below --min-coverage;
    2 a case file is not valid.
    """
    from ecorules.commands.case_command import run_test_command

    language = _lang(lang)
    with _errors_exit_2(language):
        code = run_test_command(paths or [Path(".")], min_coverage, format_.value, output, verbose, engine, language)
    raise typer.Exit(code)


@app.command("schema")
def schema_command(
    name: Annotated[
        str,
        typer.Argument(help="ruleset, project-ruleset, waivers, config, submission-json or cases.", show_default=False),
    ],
) -> None:
    """Print the JSON Schema of a file ecorules reads, for editor completion and checking.

    Example:  ecorules schema ruleset > ruleset.schema.json
    then start a rule-set file with  #:schema ./ruleset.schema.json  (Taplo, Even Better TOML).
    The schemas are also in the repository's schemas/ folder (docs/ruleset-format.md, "Editor support").
    """
    from ecorules.commands.schema import render
    from ecorules.plugins import components

    with _errors_exit_2(default_lang()):
        typer.echo(render(name, components().kinds), nl=False)


@new_app.command("plugin")
def new_plugin(
    name: Annotated[str, typer.Argument(help="The plugin's name: lower case, such as wanzhou.", show_default=False)],
    folder: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--dir", help="Where to write the package (default: ./ecorules-NAME).", show_default=False),
    ] = None,
) -> None:
    """Write a complete rule-pack package: pyproject.toml with the entry point, a rule set with one
    rule, a case file, a test and a README. It passes `ecorules test` and `pytest` as written.

    Example:  ecorules new plugin wanzhou && cd ecorules-wanzhou && pip install -e . && ecorules test
    """
    from ecorules.commands.scaffold import write_plugin
    from ecorules.plugins import components

    language = default_lang()
    with _errors_exit_2(language):
        target = write_plugin(name, folder, components().kinds)
    typer.echo(T(f"已写入 {target}", f"wrote {target}").get(language))


@new_app.command("cases")
def new_cases(
    ruleset: Annotated[str, typer.Argument(help="A rule-set file, or an installed rule set's ID.", show_default=False)],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The case file to write (it must not exist).", show_default=False)
    ],
) -> None:
    """Draft a case file for an indicator rule set: a passing and a failing case per rule, built
    as `explain` builds its examples and confirmed by the engine. Review every case against the
    source document before committing it.

    Example:  ecorules new cases src/my_pack/my-set-2025.toml -o tests/my-set-2025.cases.toml
    """
    from ecorules.commands.case_draft import draft_cases
    from ecorules.plugins import components

    language = default_lang()
    with _errors_exit_2(language):
        if output.exists():
            raise UsageError(T(f"{output} 已存在", f"{output} already exists"), code="usage.folder-exists")
        c = components()
        text = draft_cases(c.lookup_ruleset(ruleset), c.kinds, c.engines.get("python"), output)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    typer.echo(T(f"已写入 {output}", f"wrote {output}").get(language))


@app.command("config")
def show_config(
    config: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--config", help="Settings file to read instead of the one found from the working directory."),
    ] = None,
    no_config: Annotated[
        bool, typer.Option("--no-config", help="Show the defaults, reading no settings file.")
    ] = False,
    lang: Annotated[Optional[LangChoice], typer.Option("--lang", help="Language of the listing.")] = None,  # noqa: UP045
) -> None:
    """Show the settings 'ecorules check' uses here, and where each comes from.

    Looked for from the working directory up to the repository root: ecorules.toml, then
    .ecorules.toml, then pyproject.toml with a [tool.ecorules] table (the first found wins).
    A flag given to 'check' wins over the file. See docs/configuration.md.

    \b
    Example:
      ecorules config --lang zh
    """
    language = _lang(lang)
    with _errors_exit_2(language):
        from ecorules.config import FILE_NAMES, load_applying_config
        from ecorules.model.selection import selects
        from ecorules.plugins import components

        settings = load_applying_config(config, use=not no_config)
        if settings.path is not None:
            typer.echo(T(f"配置文件：{settings.path}", f"settings file: {settings.path}").get(language))
        else:
            searched = ", ".join(FILE_NAMES)
            typer.echo(
                T(
                    f"未使用配置文件（自当前目录向上至仓库根目录查找：{searched}）",
                    f"no settings file (looked for {searched} from here up to the repository root)",
                ).get(language)
            )
        default_word = T("默认", "default").get(language)
        for name, default in SETTING_DEFAULTS.items():
            if name == "limits":
                continue  # listed one by one below
            value = settings.get(name)
            shown = _setting_text(default if value is None else value)
            origin = settings.origins.get(name, default_word)
            typer.echo(f"  {name.replace('_', '-'):<14} = {shown:<28} {origin}")
        from ecorules.model.limits import LIMITS

        configured = settings.get("limits") or {}
        typer.echo(T("资源限制（[limits]，--limit NAME=N）：", "limits ([limits], --limit NAME=N):").get(language))
        for name, spec in LIMITS.items():
            shown = f"{configured.get(name, spec.default)} {spec.unit.get(language)}".strip()
            origin = settings.origins.get(f"limits.{name}", default_word) if name in configured else default_word
            bounds = f"{spec.minimum}–{spec.ceiling}"
            typer.echo(f"  {name:<17} = {shown:<16} [{bounds:>11}]  {origin}  ({spec.about.get(language)})")
        selectors = [
            *(settings.get("select") or []),
            *(settings.get("ignore") or []),
            *(settings.get("severity") or {}),
        ]
        if selectors:
            rules = [
                (rule.id, str(getattr(rule, "indicator", None) or getattr(rule, "requirement", "")))
                for registered in components().rulesets.all()
                for rule in registered.ruleset.rules
            ]
            for selector in dict.fromkeys(selectors):
                if not any(selects(selector, rule_id, number) for rule_id, number in rules):
                    typer.echo(
                        T(
                            f"警告：「{selector}」不匹配任何已安装规则集中的规则",
                            f"warning: {selector!r} matches no rule of the installed rule sets",
                        ).get(language),
                        err=True,
                    )


def _setting_text(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} = {v}" for k, v in value.items()) or "-"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) or "-"
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@app.command()
def plugins() -> None:
    """List loaded plugins: name, package and version, and what each registered.
    Plugins that failed to load are listed with their error, and the exit code is then 1.

    \b
    Example:
      ecorules plugins
    """
    from ecorules.plugins import autoload_disabled, components, plugin_origins

    c = components()
    registered: dict[str, list[str]] = {}
    for reg in c.rulesets.all():
        registered.setdefault(reg.plugin, []).append(f"ruleset {reg.ruleset.ruleset.id}")
    for name in c.kinds.names():
        registered.setdefault(c.kinds.source(name), []).append(f"condition kind {name}")
    for kind, registry in (("input", c.adapters), ("format", c.reporters), ("engine", c.engines)):
        for name in registry.names():
            registered.setdefault(registry.source(name), []).append(f"{kind} {name}")
    for name, origin in plugin_origins().items():
        typer.echo(f"{name}  [{origin}]")
        for what in registered.get(name, []):
            typer.echo(f"    {what}")
    for line in c.problems:
        typer.echo(f"FAILED {line.get(default_lang())}")
    if autoload_disabled():
        typer.echo("(third-party plugins not loaded: ECORULES_DISABLE_PLUGIN_AUTOLOAD is set)")
    raise typer.Exit(1 if c.problems else 0)


class _Printable:
    """Standard error as ecorules writes to it: messages quote file names, district names and
    cells, which must never drive the terminal (see :func:`ecorules.model.text.printable`)."""

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, text: Any) -> Any:
        return self._stream.write(printable(text) if isinstance(text, str) else text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        # A GBK console must never turn a report into a UnicodeEncodeError.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    sys.stderr = _Printable(sys.stderr)
    try:
        app(prog_name="ecorules")
    except EcorulesError as exc:  # raised outside a command's own handling
        _say_error(exc, default_lang())
        sys.exit(INPUT_ERROR)
    except Exception as exc:
        if os.environ.get("ECORULES_DEBUG"):
            raise
        typer.echo(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in ecorules or a plugin; run again with ECORULES_DEBUG=1 for the traceback.",
            err=True,
        )
        sys.exit(INTERNAL_ERROR)
