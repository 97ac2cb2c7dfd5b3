"""``ecorules test``: find the case files, run them, print the report and choose the exit code."""

from __future__ import annotations

import sys
from pathlib import Path

from ecorules.commands.case_report import render_junit, render_text
from ecorules.commands.cases import run_tests
from ecorules.model.files import write_atomically
from ecorules.model.text import Lang


def run_test_command(
    paths: list[Path],
    min_coverage: float | None,
    format_: str,
    output: Path | None,
    verbose: bool,
    engine: str,
    lang: Lang,
) -> int:
    """Exit code: 2 if a case file is not valid, else 1 if a case fails or coverage is below
    ``min_coverage``, else 0."""
    from ecorules.plugins import components

    run = run_tests(paths, components(), engine)
    if format_ == "junit":
        report = render_junit(run, lang, min_coverage=min_coverage)
    else:
        report = render_text(run, lang, verbose=verbose, min_coverage=min_coverage)
    if not (run.results or run.coverage or run.uncovered_files):
        report = ""  # nothing ran: the errors below say why
    if output is not None:
        write_atomically(output, report.encode("utf-8"))
        if format_ == "junit":  # the summary still goes to the terminal
            sys.stdout.write(render_text(run, lang, min_coverage=min_coverage).rsplit("\n\n", 1)[-1])
    else:
        sys.stdout.write(report)
    if run.errors:
        for error in run.errors:
            sys.stderr.write(("错误：" if lang == "zh" else "error: ") + error.render(lang) + "\n")
        return 2
    if run.failed or (min_coverage is not None and run.percent < min_coverage):
        return 1
    if not run.results and not run.uncovered_files:
        sys.stderr.write(
            "未找到测试用例文件（*.cases.toml）\n" if lang == "zh" else "no case files (*.cases.toml) found\n"
        )
        return 2
    return 0
