"""The ``ecorules`` command line.

Imports of the engine and plugins happen inside the commands, so ``--help``
stays fast and works even when a plugin is broken.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ecorules.errors import EcorulesError, InputError, UsageError
from ecorules.policy import INPUT_ERROR, INTERNAL_ERROR
from ecorules.text import Lang, T, default_lang

app = typer.Typer(
    name="ecorules",
    help=(
        "Check district data submissions against China's ecological-civilization indicator "
        "systems (生态文明建设示范区建设指标) and plan targets, written as TOML rule sets.\n\n"
        "Start with:  ecorules check examples/yubei/yubei-2023.csv"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rulesets_app = typer.Typer(help="List the installed rule sets.", no_args_is_help=True)
app.add_typer(rulesets_app, name="rulesets")


class FailOnChoice(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


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


def _lang(choice: LangChoice | None) -> Lang:
    return choice.value if choice else default_lang()  # type: ignore[return-value]


def _say_error(exc: EcorulesError, lang: Lang) -> None:
    typer.echo(("错误：" if lang == "zh" else "error: ") + exc.render(lang), err=True)


def _report_problems(lang: Lang) -> None:
    """Plugins that failed to load are said once, on stderr, and skipped."""
    from ecorules.plugins import components

    for line in components().problems:
        typer.echo(("警告：" if lang == "zh" else "warning: ") + line, err=True)


@app.command()
def check(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Submission files (.xlsx, .csv, .json); each is checked on its own, and a workbook listing several years gives one result per year.",
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
    format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: text, json, or one a plugin adds.")
    ] = "text",
    lang: Annotated[
        Optional[LangChoice],  # noqa: UP045
        typer.Option("--lang", help="Report language. Default: ECORULES_LANG, else zh on a Chinese locale, else en."),
    ] = None,
    fail_on: Annotated[
        FailOnChoice,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a finding fails at this severity or above: error = binding (约束性) "
            "indicators, warning = also reference (参考性) ones, never = report only.",
        ),
    ] = FailOnChoice.error,
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
    engine: Annotated[str, typer.Option("--engine", help="Evaluation backend.")] = "python",
) -> None:
    """Check submissions and report findings with rule IDs and regulation citations.

    Exit codes: 0 nothing failed at or above --fail-on; 1 something did; 2 usage or input
    error (a file that cannot be read is reported and the other files are still checked).
    """
    language = _lang(lang)
    any_unreadable = False
    try:
        from ecorules.check import Checker, CheckOptions
        from ecorules.plugins import components
        from ecorules.policy import exit_code
        from ecorules.registry import ReportOptions

        _report_problems(language)
        checker = Checker(CheckOptions(ruleset=ruleset, input_format=input_format, engine=engine, encoding=encoding))
        reporter = components().reporters.get(format)
        results = []
        for path in files:
            try:
                results.extend(checker.check(path))
            except InputError as exc:
                # One unreadable file in a batch is reported; the others are still checked.
                any_unreadable = True
                _say_error(exc, language)
        if results:
            sys.stdout.write(reporter.render(results, ReportOptions(lang=language)))
            sys.stdout.flush()
    except EcorulesError as exc:
        _say_error(exc, language)
        raise typer.Exit(INPUT_ERROR) from None
    if any_unreadable:
        raise typer.Exit(INPUT_ERROR)
    raise typer.Exit(exit_code(results, fail_on.value))


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
    """
    import datetime

    language = default_lang()
    try:
        from ecorules.check import lookup_ruleset
        from ecorules.template import build_template, write_template

        if output.suffix.lower() not in (".xlsx", ".csv"):
            raise UsageError(
                T(f"输出文件应为 .xlsx 或 .csv：{output}", f"the output must be an .xlsx or .csv file: {output}")
            )
        if output.exists() and not force:
            raise UsageError(
                T(f"{output} 已存在；如需覆盖请加 --force", f"{output} exists; add --force to overwrite it")
            )
        registered = lookup_ruleset(ruleset)
        year = year or datetime.date.today().year - 1
        built = build_template(registered.ruleset, year, baseline_year)
        try:
            write_template(built, output, layout.value)
        except OSError as exc:
            raise UsageError(
                T(f"无法写入 {output}：{exc.strerror}", f"cannot write {output}: {exc.strerror}")
            ) from None
    except EcorulesError as exc:
        _say_error(exc, language)
        raise typer.Exit(INPUT_ERROR) from None
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
    """List installed rule sets: ID, version, reporting years, source document."""
    from ecorules.plugins import components

    language = _lang(lang)
    _report_problems(language)
    for reg in components().rulesets.all():
        meta = reg.ruleset.ruleset
        rules = len(reg.ruleset.rules)
        typer.echo(
            f"{meta.id}  {meta.version}  years {meta.years.describe()}  {rules} rules  "
            f"{meta.title.get(language)} ({meta.document.number})  [{reg.plugin}]"
        )


def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        # A GBK console must never turn a report into a UnicodeEncodeError.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
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
