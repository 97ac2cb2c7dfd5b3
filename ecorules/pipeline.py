"""The check pipeline: read → choose a rule set → evaluate → gate, one file at a time.

This is the one entry point a program uses to check files, and what ``ecorules check``
calls::

    from ecorules.api import CheckOptions, run_check

    run = run_check(["yubei-2023.csv"], CheckOptions(fail_on="error"))
    for result in run:            # CheckResults, streamed file by file
        print(result.heading.en, result.summary.indicators.not_met_numbers)
    run.exit_code                 # 0, 1 or 2, as the CLI would exit

Each step hands the next a model and never reaches back: an adapter reads records
(submissions, project tables), the record kind chooses the rule set
(:mod:`ecorules.record_kinds`), the selected engine binds and evaluates, the record
kind summarises, and the gate (waivers, then the baseline) marks what does not fail.
A file that cannot be read is reported (``on_error``) and the others are still checked.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from ecorules import record_kinds
from ecorules.gate.policy import FailOn, run_exit_code
from ecorules.inputs import expand_inputs
from ecorules.interfaces import PartReporter, ReadOptions, ReportOptions
from ecorules.model import limits
from ecorules.model.errors import InputError, UsageError
from ecorules.model.files import cannot_read, probe, refuse_if_too_large
from ecorules.model.findings import CheckResult, PreparedResult
from ecorules.model.limits import Limits
from ecorules.model.problems import Problem
from ecorules.model.selection import RuleSelection
from ecorules.model.text import T, Text
from ecorules.plugins import components as loaded_components
from ecorules.registry import Components, RegisteredRuleset


@dataclass(frozen=True)
class CheckOptions:
    """Everything ``ecorules check`` can be told, with the CLI's defaults."""

    ruleset: str | None = None  # an installed ID or family, or a .toml file
    input_format: str | None = None  # default: by file extension
    engine: str = "python"
    encoding: str | None = None  # default: detect
    # Waivers: a file for every submission; None to find each submission's own
    # waivers.toml; False for none (--no-waivers).
    waivers: Path | Literal[False] | None = None
    baseline: Path | None = None
    write_baseline: Path | None = None  # record this run's failing findings here
    fail_on: FailOn = "error"
    today: datetime.date | None = None  # for waiver expiry; default today
    pattern: str | None = None  # file names to take from folders given (fnmatch: "*-2023.csv")
    jobs: int = 1  # processes checking files at once; results keep the order of the inputs
    selection: RuleSelection = field(default_factory=RuleSelection)  # select / ignore / severity overrides
    expiry_warning: int = 30  # days: waivers in force that end sooner are listed
    limits: Limits = field(default_factory=Limits)  # how much a file may hold, and its time
    year: int | None = None  # check only the submissions of this reporting year (--year)


class Checker:
    """Reads and evaluates files: the components, the selected engine, and each rule set's
    compiled plan (compiled once however many records use it)."""

    def __init__(self, options: CheckOptions | None = None, components: Components | None = None):
        self.options = options or CheckOptions()
        self.components = components or loaded_components()
        self.engine = self.components.engines.get(self.options.engine)
        # by the rule set object (held, so its id is not reused): two rule sets registered
        # from the same source name still get a plan each
        self._plans: dict[int, tuple[Any, Any]] = {}
        self.selectors_used: set[str] = set()  # of options.selection, for its unused entries

    def read(self, path: Path) -> list[Any]:
        """The records a file holds: one submission per reporting year, one table of projects per sheet."""
        kind = probe(path)
        if isinstance(kind, InputError):
            raise kind
        if kind == "missing":
            raise InputError(T("文件不存在", "file not found"), file=str(path), code="input.file-not-found")
        if kind == "folder":
            raise InputError(
                T("这是一个目录，不是文件", "this is a directory, not a file"), file=str(path), code="input.directory"
            )
        try:
            refuse_if_too_large(path)
        except OSError as exc:
            raise cannot_read(exc, str(path)) from None
        adapters = self.components.adapters
        adapter = adapters.get(self.options.input_format) if self.options.input_format else adapters.for_path(path)
        records = list(adapter.read(path, ReadOptions(encoding=self.options.encoding)))
        return records

    def check(self, path: Path) -> list[CheckResult]:
        """One result per record in the file (of ``options.year`` when it is set), not yet
        gated by waivers or a baseline. The options' limits are in force, and the file's
        clock runs (``seconds-per-file``)."""
        with limits.in_force(self.options.limits), limits.clock(str(path)):
            records = self.read(path)
            if self.options.year is not None:
                records = of_year(records, self.options.year, path)
            results = []
            for record in records:
                limits.checkpoint()
                results.append(self.check_record(record))
            return results

    def check_record(self, record: Any) -> CheckResult:
        kind = record_kinds.of(record)
        registered, why = kind.choose_ruleset(record, self.components, self.options.ruleset)
        findings = self.engine.evaluate(self.plan(registered), record)
        if self.options.selection:
            findings = self.options.selection.apply(findings, self.selectors_used)
        return kind.summarise(record, registered, why, findings)

    def plan(self, registered: RegisteredRuleset) -> Any:
        held = self._plans.get(id(registered.ruleset))
        if held is None or held[0] is not registered.ruleset:
            held = (registered.ruleset, self.engine.compile(registered.ruleset, self.components.kinds))
            self._plans[id(registered.ruleset)] = held
        return held[1]


def of_year(records: list[Any], year: int, path: Path) -> list[Any]:
    """``--year``: the file's submissions for that reporting year. Tables of projects have no
    reporting year and are kept. A file whose submissions are all of other years is an error
    naming the years it holds."""
    years = sorted({r.year for r in records if record_kinds.of(r).name == "indicators"})
    if years and year not in years:
        listing = "、".join(map(str, years))
        raise InputError(
            T(
                f"文件中没有 {year} 年的填报（--year）；文件包含的填报年份：{listing}",
                f"the file holds no submission for {year} (--year); it holds {', '.join(map(str, years))}",
            ),
            file=str(path),
            code="input.year-not-in-file",
        )
    return [r for r in records if record_kinds.of(r).name != "indicators" or r.year == year]


@dataclass
class CheckRun:
    """One run over many files. Iterating yields each file's gated results as soon as the file
    is checked; afterwards the run knows what it saw (:attr:`unreadable`, :attr:`stale_waivers`,
    :attr:`exit_code`) and has written the baseline if asked to."""

    inputs: list[str | Path]  # files, folders, glob patterns, "-" for a list on stdin
    options: CheckOptions
    checker: Checker
    on_error: Callable[[InputError], None] | None = None
    # With jobs > 1: the reporter (by name) whose part of the report each worker writes for
    # the results it checks; those results come back as PreparedResult (see there), not whole.
    report_parts: tuple[str, ReportOptions] | None = None
    # Files this run writes (the report, a baseline): never read as inputs, so that a folder
    # or pattern that matches one cannot have a submission replaced by a report.
    writes: tuple[Path, ...] = ()
    unreadable: list[InputError] = field(default_factory=list)
    stale_waivers: list[Any] = field(default_factory=list)
    expiring_waivers: list[Any] = field(default_factory=list)  # in force, ending within options.expiry_warning days
    # the baseline file given matched no failing finding (its entries, when it has some)
    baseline_unmatched: int | None = None
    baseline_written: Any = None
    failing: int = 0  # findings that fail the gate at options.fail_on
    checked: int = 0  # results gated in this process
    _done: bool = False
    _finished: bool = False

    def __iter__(self) -> Iterator[CheckResult | PreparedResult]:
        if self._done:
            raise RuntimeError("a CheckRun is iterated once")
        self._done = True
        gate = _Gate(
            self.options, self.checker.components
        )  # loads waivers / baseline files first: a bad one stops the run
        from ecorules.gate.policy import failing

        entries: list[Any] = []
        for checked in self._checked():
            if isinstance(checked, InputError):
                # One unreadable file in a batch is reported; the others are still checked.
                self.unreadable.append(checked)
                if self.on_error is not None:
                    self.on_error(checked)
                continue
            if checked and isinstance(checked[0], PreparedResult):
                # no waiver or baseline applies (the worker made sure): nothing to gate
                self.failing += failing([p.head for p in checked], self.options.fail_on)
                yield from checked
                continue
            results = gate.apply(cast(list[CheckResult], checked))
            self.checked += len(results)
            self.failing += failing(results, self.options.fail_on)
            if self.options.write_baseline is not None:
                from ecorules.gate.baseline import baseline_entries

                entries += baseline_entries(results)
            yield from results
        self.stale_waivers = gate.stale()
        self.expiring_waivers = gate.expiring(self.options.expiry_warning)
        if gate.baseline is not None and gate.baseline.findings and not gate.baseline_matched and self.checked:
            self.baseline_unmatched = len(gate.baseline.findings)
        if self.options.write_baseline is not None:
            from ecorules.gate.baseline import write_baseline_entries

            self.baseline_written = write_baseline_entries(entries, self.options.write_baseline)
        self._finished = True

    def _checked(self) -> Iterator[list[CheckResult] | list[PreparedResult] | InputError]:
        """Each input's results (or why it could not be read), in the order of the inputs."""
        paths = expand_inputs(self.inputs, self.checker.components.adapters.extensions(), pattern=self.options.pattern)
        if self.writes:
            paths = self._not_written(paths)
        if self.options.jobs <= 1:
            for path in paths:
                yield path if isinstance(path, InputError) else self._check_one(path)
            return
        parts = self.report_parts if self.options.write_baseline is None else None
        yield from _in_processes(
            paths, self.options, parts, self.checker.selectors_used, self.checker.components.problems
        )

    def _not_written(self, paths: Iterable[Path | InputError]) -> Iterator[Path | InputError]:
        written = {p.resolve() for p in self.writes}
        for path in paths:
            if isinstance(path, Path) and path.resolve() in written:
                raise UsageError(
                    T(
                        f"{path} 既是要检查的文件，又是本次要写入的报告或基线；请换一个输出路径",
                        f"{path} is both a file to check and the report or baseline this run writes; "
                        "choose another output path",
                    ),
                    code="usage.output-is-input",
                )
            yield path

    def _check_one(self, path: Path) -> list[CheckResult] | InputError:
        try:
            return self.checker.check(path)
        except InputError as exc:
            return exc

    @property
    def unused_selectors(self) -> list[str]:
        """Entries of ``select``, ``ignore`` and the severity overrides that matched no finding
        in the whole run (most likely a typo)."""
        if not self._finished:
            raise RuntimeError("iterate the run to the end before asking what it did not use")
        return self.options.selection.unused(self.checker.selectors_used)

    @property
    def exit_code(self) -> int:
        if not self._finished:
            raise RuntimeError("iterate the run to the end before asking for its exit code")
        return self._exit_code()

    def _exit_code(self) -> int:
        """As ``ecorules check`` exits (:func:`ecorules.gate.policy.run_exit_code`)."""
        return run_exit_code(
            unreadable=bool(self.unreadable),
            wrote_baseline=self.options.write_baseline is not None,
            failing_findings=self.failing,
        )


def run_check(
    paths: Iterable[str | Path],
    options: CheckOptions | None = None,
    *,
    on_error: Callable[[InputError], None] | None = None,
    components: Components | None = None,
    report_parts: tuple[str, ReportOptions] | None = None,
    writes: Iterable[Path] = (),
) -> CheckRun:
    """Check files. Nothing is read until the returned run is iterated; its summary
    (:attr:`CheckRun.exit_code`, the stale waivers, the baseline written) is there once it has
    been iterated to the end. Raises :class:`~ecorules.model.errors.EcorulesError` for what
    stops the whole run: an unknown engine here, an unreadable waivers or baseline file on
    the first step of the iteration.

    ``report_parts`` (reporter name, report options), with ``jobs`` > 1: each worker also
    writes that reporter's part of the report for the results it checks (the reporter's
    ``part`` method), and those results are yielded as
    :class:`~ecorules.model.findings.PreparedResult`, which spares sending every finding
    back to this process. Results a waiver or baseline may change still come whole.

    ``writes``: the files the caller will write (the report, a baseline); a file to check
    that is one of them is refused (``usage.output-is-input``) instead of being replaced."""
    options = options or CheckOptions()
    checker = Checker(options, components)
    return CheckRun(list(paths), options, checker, on_error, report_parts, tuple(writes))


# --- several processes ----------------------------------------------------------------------
# The evaluation holds the GIL, so --jobs uses processes. Each worker keeps one Checker (its
# components and compiled plans) for all the files it is given; results come back in the
# order of the inputs, and the gate (waivers, baseline) runs in the parent as for one process.

_WORKER_CHECKERS: dict[CheckOptions, Checker] = {}
_WAIVERS_BY_FOLDER: dict[Path, bool] = {}  # folder -> whether a waivers.toml applies there


def _check_in_worker(
    jobs: list[tuple[Path, CheckOptions]],
    report_parts: tuple[str, ReportOptions] | None = None,
) -> tuple[list[list[CheckResult] | list[PreparedResult] | tuple[list[Problem], Text | None]], set[str], list[Text]]:
    """The outcome of each file, the selectors (CheckOptions.selection) that matched, and the
    worker's problems with plugins and rule sets (a rule set found invalid when first used)."""
    out: list[list[CheckResult] | list[PreparedResult] | tuple[list[Problem], Text | None]] = []
    used: set[str] = set()
    for path, options in jobs:
        checker = _WORKER_CHECKERS.get(options)
        if checker is None:
            checker = _WORKER_CHECKERS[options] = Checker(options)
        try:
            results = checker.check(path)
        except InputError as exc:  # sent back as data: an exception's own pickling loses its problems
            out.append((exc.problems, exc.heading))
            continue
        if report_parts is not None and results and not _may_be_gated(path, options):
            name, report_options = report_parts
            reporter = cast(PartReporter, checker.components.reporters.get(name))
            out.append([PreparedResult.of(r, reporter.part(r, report_options)) for r in results])
        else:
            out.append(results)
    problems: list[Text] = []
    for checker in _WORKER_CHECKERS.values():
        used |= checker.selectors_used
        problems += (p for p in checker.components.problems if p not in problems)
    return out, used, problems


def _may_be_gated(path: Path, options: CheckOptions) -> bool:
    """Whether a waiver or the baseline may mark findings of this file (the gate then runs in
    the parent, on whole results)."""
    if options.baseline is not None or (options.waivers is not None and options.waivers is not False):
        return True
    if options.waivers is False:
        return False
    folder = path.resolve().parent
    if folder not in _WAIVERS_BY_FOLDER:
        from ecorules.gate.waivers import find_waivers_file

        _WAIVERS_BY_FOLDER[folder] = find_waivers_file(path) is not None
    return _WAIVERS_BY_FOLDER[folder]


def _in_processes(
    paths: Iterable[Path | InputError],
    options: CheckOptions,
    report_parts: tuple[str, ReportOptions] | None = None,
    selectors_used: set[str] | None = None,
    problems: list[Text] | None = None,
) -> Iterator[list[CheckResult] | list[PreparedResult] | InputError]:
    """Chunks of files go to the workers with a bounded number in flight, so a parent that
    writes slower than the workers check (a large JSON report) does not pile up results. A
    worker's problems with plugins and rule sets join ``problems``, each once."""
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    chunk = 8
    window = options.jobs * 3  # chunks in flight
    pending: deque[tuple[list[Path | InputError], Future[tuple[list[Any], set[str], list[Text]]]]] = deque()
    with ProcessPoolExecutor(max_workers=options.jobs) as pool:
        batch: list[Path | InputError] = []

        def submit() -> None:
            jobs = [(p, options) for p in batch if not isinstance(p, InputError)]
            pending.append((list(batch), pool.submit(_check_in_worker, jobs, report_parts)))
            batch.clear()

        def drain_one() -> Iterator[list[CheckResult] | list[PreparedResult] | InputError]:
            items, future = pending.popleft()
            results, used, said = future.result()
            if selectors_used is not None:
                selectors_used.update(used)
            if problems is not None:
                problems.extend(p for p in said if p not in problems)
            outcomes = iter(results)
            for item in items:
                if isinstance(item, InputError):
                    yield item
                    continue
                outcome = next(outcomes)
                if isinstance(outcome, tuple):
                    unreadable, heading = outcome
                    yield InputError(problems=unreadable, heading=heading)
                else:
                    yield outcome

        for path in paths:
            batch.append(path)
            if len(batch) >= chunk:
                submit()
                if len(pending) > window:
                    yield from drain_one()
        if batch:
            submit()
        while pending:
            yield from drain_one()


class _Gate:
    """Waivers first, then the baseline: both only mark findings, never drop them."""

    def __init__(self, options: CheckOptions, components: Components):
        self.today = options.today or datetime.date.today()
        self.waivers = None
        if options.waivers is not False:
            from ecorules.gate.waivers import WaiverGate

            self.waivers = WaiverGate(self.today, options.waivers, components.rulesets)
        self.baseline = None
        if options.baseline is not None:
            from ecorules.gate.baseline import load_baseline

            self.baseline = load_baseline(options.baseline)
        self.baseline_matched = 0  # failing findings the baseline covered in this run

    def apply(self, results: list[CheckResult]) -> list[CheckResult]:
        if self.waivers is not None:
            results = self.waivers.apply(results)
        if self.baseline is not None:
            from ecorules.gate.baseline import apply_baseline

            results = apply_baseline(results, self.baseline)
            self.baseline_matched += sum(
                f.suppression is not None and f.suppression.kind == "baseline" for r in results for f in r.findings
            )
        return results

    def stale(self) -> list[Any]:
        return self.waivers.stale() if self.waivers is not None else []

    def expiring(self, within_days: int) -> list[Any]:
        return self.waivers.expiring(within_days) if self.waivers is not None else []


__all__ = ["CheckOptions", "CheckRun", "Checker", "run_check"]
