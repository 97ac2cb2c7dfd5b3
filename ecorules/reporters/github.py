"""GitHub Actions workflow commands: an annotation on the submission for each failing finding.

Printed in a workflow step, each ``::error``/``::warning`` line becomes an annotation on the
file (on the line, for CSV) in the run summary and the pull request's diff, without
uploading anything. Binding indicators (severity error) are errors, reference indicators
warnings. A waived or baselined finding is a ``::notice`` so reviewers still see it, and so
is a finding in progress (a planned target not yet due, with both figures and the gap); an
expired waiver is an error again and says when it expired. Each submission ends with a
notice carrying the official count line ("27 met, 5 not met").

A workbook cell or JSON pointer has no line number: the annotation names the file only and
the message names the cell. GitHub shows a limited number of annotations per step (10
errors and 10 warnings at the time of writing); the full list is in the log.

Escaping follows GitHub's own toolkit: in the message ``%``, CR and LF are encoded, and in
property values (file, title) also ``:`` and ``,``. This keeps every command on one line,
so text from a submission can never start a workflow command of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ecorules.hookspecs import hookimpl
from ecorules.interfaces import ReportOptions
from ecorules.model.findings import CheckResult, Finding, Status
from ecorules.model.fingerprints import portable_path
from ecorules.model.text import Lang, T, printable
from ecorules.reporters.wording import summary_line

if TYPE_CHECKING:
    from ecorules.registry import ReporterRegistry


def escape_data(text: str) -> str:
    """Text as a workflow command carries it: line breaks escaped, and no control character
    (a cell holding an ESC sequence must not reach the runner's log as one)."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **properties: object) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{kind}{' ' + props if props else ''}::{escape_data(message)}"


def annotation_message(f: Finding, lang: Lang) -> str:
    """First line: sub-item, status, value, requirement; then how the verdict was reached and where."""
    actual = f.actual_in(lang) or T("无数据", "no value").get(lang)
    label = f.citation.indicator_label.get(lang)
    if lang == "zh":
        lines = [f"{f.title.zh}（{label}）：{f.status.label.zh}，实际值 {actual}，要求：{f.expected.zh}"]
    else:
        lines = [f"{f.title.en} ({label}): {f.status.label.en}, actual {actual}, required: {f.expected.en}"]
    lines += [f"- {d.get(lang)}" for d in f.details]
    loc = f.location
    if loc is not None and (loc.sheet or loc.row is None) and loc.position(lang):
        lines.append(T("位置：", "Location: ").get(lang) + loc.position(lang))
    s = f.suppression
    if s is not None:
        expires = s.expires.isoformat() if s.expires else None
        if s.expired:
            lines.append(
                T(
                    f"豁免已于 {expires or '此前'} 到期，本项重新计入（原因：{s.reason}）",
                    f"The waiver expired on {expires or 'an earlier date'}; the finding counts again (reason: {s.reason})",
                ).get(lang)
            )
        else:
            kind = T("已豁免", "Waived") if s.kind == "waiver" else T("已纳入基线", "In the baseline")
            until = T(f"，{expires} 到期", f", until {expires}").get(lang) if expires else ""
            lines.append(f"{kind.get(lang)}{'：' if lang == 'zh' else ': '}{s.reason}{until}")
    lines.append(f.citation.describe(lang))
    return "\n".join(lines)


class GithubReporter:
    name = "github"
    description = T("GitHub Actions 注释（工作流命令）", "GitHub Actions annotations (workflow commands)")

    def render(self, results: list[CheckResult], options: ReportOptions) -> str:
        return "".join(self.stream(results, options))

    def stream(self, results: Iterable[CheckResult], options: ReportOptions) -> Iterator[str]:
        """The commands a submission at a time (each result's lines depend on it alone)."""
        lang = options.lang
        written = False
        for r in results:
            lines = []
            path = portable_path(r.source)
            for f in r.findings:
                if not (f.status.fails or f.status is Status.progress):
                    continue
                # progress toward a target not yet due is a notice, like a waived finding
                kind = ("error" if f.severity == "error" else "warning") if f.fails else "notice"
                loc = f.location
                line = loc.row if loc is not None and not loc.sheet else None
                file = portable_path(loc.file) if loc is not None else path
                lines.append(command(kind, annotation_message(f, lang), file=file, line=line, title=f.rule_id))
            heading = T(f"{r.heading.zh}：", f"{r.heading.en}: ").get(lang)
            lines.append(command("notice", heading + summary_line(r, lang), title=f"ecorules {path}"))
            yield "".join(line + "\n" for line in lines)
            written = True
        for error in options.unreadable:  # complete once the results are
            for p in error.problems:
                row = p.row if p.file and p.row is not None and not p.sheet else None
                where = portable_path(p.file) if p.file else None
                yield command("error", p.render(lang), file=where, line=row, title=f"ecorules {p.code}") + "\n"
                written = True
        if not written:
            yield "\n"


@hookimpl
def ecorules_register_reporters(registry: ReporterRegistry) -> None:
    registry.add(GithubReporter())
