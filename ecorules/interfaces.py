"""What a plugin's adapters, reporters and engines are: the protocols the hooks expect,
and the options they are called with. Nothing here runs; the registries
(:mod:`ecorules.registry`) check what is registered, and :mod:`ecorules.api` re-exports it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ecorules.model.text import Lang, Text

if TYPE_CHECKING:
    from ecorules.kinds.base import KindRegistry
    from ecorules.model.errors import InputError
    from ecorules.model.findings import CheckResult, Finding
    from ecorules.model.project_ruleset import ProjectRuleset
    from ecorules.model.projects import ProjectLibrary
    from ecorules.model.ruleset import Ruleset
    from ecorules.model.submission import Submission


@dataclass(frozen=True)
class ReadOptions:
    """How an adapter reads a file (``check --encoding``)."""

    encoding: str | None = None  # None: detect


@dataclass(frozen=True)
class RuleHelp:
    """What a report may say about a rule beyond a finding: ``ecorules explain``'s text, the
    same as Markdown, and where the regulation can be read."""

    text: str
    markdown: str
    uri: str | None = None


@dataclass(frozen=True)
class ReportOptions:
    """How a reporter renders (``check --lang``, ``--sarif-github``, ``--width``, ``--compact``)."""

    lang: Lang = "en"
    # SARIF for GitHub code scanning, which needs a line in every location: results in a
    # workbook or JSON document get line 1, and the cell or pointer is named in the message.
    sarif_github: bool = False
    # The inputs that could not be read, each with its problems. ``ecorules check`` passes
    # the run's own list, filled in as the run goes: complete once the results are, so a
    # reporter reads it after its last result (SARIF notifications, a JUnit error, ...).
    unreadable: Sequence[InputError] = ()
    # Help for a rule: (rule set ID, rule ID, language) -> RuleHelp, or None when there is
    # none. ``ecorules check --format sarif`` passes what ``ecorules explain`` prints.
    rule_help: Callable[[str, str, Lang], RuleHelp | None] | None = None
    # The terminal's width in columns, which the text report fits its lines into (wrapping
    # long wording inside its column); None: no limit, one line per row (a pipe, a file).
    width: int | None = None
    # The text report's short form (``check --compact``): only what fails, one line each.
    compact: bool = False


class Adapter(Protocol):
    """An input format: reads a file into the records it holds."""

    name: str  # the --input-format value
    description: Text

    @property
    def extensions(self) -> tuple[str, ...]:
        """Lower case, with the dot: (".csv",)."""
        ...

    def read(self, path: Path, options: ReadOptions) -> Sequence[Submission | ProjectLibrary]:
        """One Submission per reporting year, one ProjectLibrary per table of projects;
        raises InputError with a location for input it cannot read; never writes to the file."""
        ...


class Reporter(Protocol):
    """An output format (``--format``).

    Two optional methods make a report cheaper on large runs (see the built-in text and
    JSON reporters):

    - ``stream(results, options) -> Iterator[str]``: the report in pieces, reading the results
      one at a time, so that a run over thousands of files holds none of them.
    - ``part(result, options) -> str | bytes``: one result's piece, when it depends on that
      result alone (bytes: the piece as UTF-8, as the report file holds it, which spares
      decoding and encoding it again on its way there). With ``--jobs`` the worker processes
      call it and hand back a :class:`~ecorules.model.findings.PreparedResult` instead of
      the whole result; ``stream`` must then accept those too
      (:func:`~ecorules.model.findings.unprepared`) and yields the part as it is.
    - ``render_bytes(results, options) -> bytes``: a report that is a file, not text (the
      annotated workbook); ``ecorules check`` then needs ``--output`` and writes it whole.
    """

    name: str
    description: Text

    def render(self, results: list[CheckResult], options: ReportOptions) -> str: ...


class PartReporter(Reporter, Protocol):
    """A reporter whose report is written result by result (see :class:`Reporter`)."""

    def part(self, result: CheckResult, options: ReportOptions) -> str | bytes: ...

    def stream(self, results: Iterable[Any], options: ReportOptions) -> Iterator[str | bytes]: ...


class Engine(Protocol):
    """An evaluation backend: compiles a rule set once, then evaluates records against it.
    It binds each record itself (resolves a submission's keys, a table's columns)."""

    name: str  # the --engine value
    description: Text

    def compile(self, ruleset: Ruleset | ProjectRuleset, kinds: KindRegistry) -> Any: ...

    def evaluate(self, plan: Any, record: Submission | ProjectLibrary) -> list[Finding]: ...


__all__ = ["Adapter", "Engine", "PartReporter", "ReadOptions", "ReportOptions", "Reporter", "RuleHelp"]
