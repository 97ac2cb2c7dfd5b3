"""Machine-readable JSON: one object per input file under ``"submissions"``.

A batch of thousands of files writes a report of a hundred megabytes or more, so each
result is encoded by orjson (in C) rather than by the standard library's indenting
encoder (in Python, ten times slower). The bytes are the same as
``json.dumps(document, ensure_ascii=False, indent=2)``: orjson's indentation and string
escapes match it, and the one place they differ, how a float is written (``1e-05`` against
``1e-5``), is written by the standard library (``tests/test_json_report.py`` compares the
two on every example).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import orjson

from ecorules import __version__
from ecorules.hookspecs import hookimpl
from ecorules.interfaces import ReportOptions
from ecorules.model.batch import BatchSummary
from ecorules.model.findings import (
    CheckResult,
    Finding,
    GateCounts,
    PreparedResult,
    ProjectTotals,
    to_json_data,
    unprepared,
)
from ecorules.model.text import T
from ecorules.model.worded import Worded
from ecorules.model.years import YearsView

if TYPE_CHECKING:
    from ecorules.registry import ReporterRegistry


class JsonReporter:
    name = "json"
    description = T("JSON（含全部字段，中英双语）", "JSON with every field, both languages")

    def render(self, results: list[CheckResult], options: ReportOptions) -> str:
        return "".join(c if isinstance(c, str) else c.decode() for c in self.stream(results, options))

    def part(self, result: CheckResult, options: ReportOptions) -> bytes:
        """One result's object in the document (see :class:`PreparedResult`), as the UTF-8 the
        report file holds: a ``--jobs`` worker's 120 KB per submission is then neither decoded
        nor encoded again on its way to the file."""
        return b"".join(_with_list_bytes(*_result_parts(result, 2)))

    def stream(self, results: Iterable[CheckResult | PreparedResult], options: ReportOptions) -> Iterator[str | bytes]:
        """The document a result at a time, as ``json.dumps(document, indent=2)`` would write it
        whole; a district checked for several years ends with its indicators × years
        (``district_years``), a batch of files with the counts and the districts × indicators
        matrix (``batch``)."""
        tool = _dumps({"name": "ecorules", "version": __version__}, 1)
        yield f'{{\n  "tool": {tool},\n  "submissions": ['
        count, sources, batch, years = 0, set(), BatchSummary(), YearsView()
        for item in results:
            r, part = unprepared(item)
            yield "," if count else ""
            yield "\n    "
            if part is not None:
                yield part
            else:
                yield from encode_result_chunks(r, 2)
            count += 1
            sources.add(r.source)
            batch.add(r)
            years.add(r)
        yield "\n  ]" if count else "]"
        if options.unreadable:  # complete once the results are; the key only when some are
            unreadable = [
                {"file": error.file, "problems": [to_json_data(p) for p in error.problems]}
                for error in options.unreadable
            ]
            yield ',\n  "unreadable": ' + _dumps(unreadable, 1)
        several = years.to_json_data()
        if several:  # a district checked for two or more years: its indicators × years
            yield ',\n  "district_years": ' + _dumps(several, 1)
        if len(sources) > 1:
            yield ',\n  "batch": '
            yield from encode_batch_chunks(batch, 1)
        yield "\n}\n"


def encode_result(result: CheckResult, depth: int = 0) -> str:
    """One result as the JSON report writes it, ``depth`` levels deep (indent 2)."""
    return "".join(encode_result_chunks(result, depth))


def encode_result_chunks(result: CheckResult, depth: int = 0) -> Iterator[str]:
    """:func:`encode_result` in pieces, a few hundred findings at a time: a table of 25,600
    projects has a hundred thousand findings, whose report is never held whole."""
    yield from _with_list(*_result_parts(result, depth))


def _result_parts(
    result: CheckResult, depth: int
) -> tuple[dict[str, Any], Sequence[Any], Callable[[Any], Any], Callable[[], Any], int]:
    """What :func:`_with_list` writes for a result."""
    data = _result_data(result, findings=_MARK)
    return data, result.findings, _finding_data, lambda: to_json_data(result), depth


def encode_batch_chunks(batch: BatchSummary, depth: int = 0) -> Iterator[str]:
    """The ``batch`` object, its matrix a few hundred rows at a time (ten thousand
    submissions make a matrix of 320,000 statuses)."""
    data = batch.to_json_data(with_matrix=False)
    data["matrix"] = _MARK
    yield from _with_list(data, batch.rows, batch.matrix_row, batch.to_json_data, depth)


# Where the streamed list goes in an object: orjson writes a fragment as it is, and a NUL is
# in no JSON text it writes (it escapes every control character in strings).
_MARK = orjson.Fragment(b"\x00")


def _with_list(
    data: dict[str, Any], items: Sequence[Any], to_data: Callable[[Any], Any], whole: Callable[[], Any], depth: int
) -> Iterator[str]:
    """``data`` as the report writes it ``depth`` levels deep, with ``items`` in place of
    :data:`_MARK`, written a chunk at a time. ``whole()``: all of it as plain data, for the
    standard library when orjson refuses some text (a lone surrogate)."""
    for chunk in _with_list_bytes(data, items, to_data, whole, depth, surrogates="surrogatepass"):
        yield chunk.decode("utf-8", "surrogatepass")


def _with_list_bytes(
    data: dict[str, Any],
    items: Sequence[Any],
    to_data: Callable[[Any], Any],
    whole: Callable[[], Any],
    depth: int,
    surrogates: str = "replace",
) -> Iterator[bytes]:
    """:func:`_with_list` as UTF-8, as orjson writes it (re-indented as bytes: twice as fast as
    on the text). What the standard library writes instead (text orjson refuses: a lone
    surrogate) is encoded with ``surrogates``: "replace", as the report file writes it (a
    ``?``), or "surrogatepass", to be decoded back to the same text."""
    try:
        head, tail = orjson.dumps(data, default=_default, option=orjson.OPT_INDENT_2).split(b"\x00")
    except (orjson.JSONEncodeError, TypeError):
        yield _dumps(whole(), depth).encode("utf-8", surrogates)
        return
    newline = b"\n" + b"  " * depth
    yield head.replace(b"\n", newline)
    if not items:
        yield b"[]"
    else:
        inside = newline + b"  "  # orjson indents a list's items once; they sit two levels in
        for start in range(0, len(items), _FINDINGS_PER_CHUNK):
            part = items[start : start + _FINDINGS_PER_CHUNK]
            try:
                encoded = orjson.dumps([to_data(i) for i in part], default=_default, option=orjson.OPT_INDENT_2)
                # "[\n  {…},\n  {…}\n]" -> the items, each on its own line, indented to their depth
                chunk = encoded[1:-2].replace(b"\n", inside)
            except (orjson.JSONEncodeError, TypeError):
                # (a finding's data holds encoded parts: it is made afresh from the finding)
                items_data = [to_json_data(i if isinstance(i, Finding) else to_data(i)) for i in part]
                plain = json.dumps(items_data, ensure_ascii=False, indent=2)
                chunk = plain[1:-2].replace("\n", inside.decode()).encode("utf-8", surrogates)
            yield (b"[" if start == 0 else b",") + chunk
        yield newline + b"  ]"
    yield tail.replace(b"\n", newline)


_FINDINGS_PER_CHUNK = 256


# The fields each class puts in the report, in order (data classes nested deeper, such as
# Text, Location and Citation, are written by orjson field by field, as to_json_data does).
_RESULT_FIELDS = tuple(f.name for f in fields(CheckResult) if f.metadata.get("json", True))
_FINDING_FIELDS = tuple(f.name for f in fields(Finding) if f.metadata.get("json", True))
_TOTALS_FIELDS = tuple(f.name for f in fields(ProjectTotals))


def _result_data(result: CheckResult, findings: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in _RESULT_FIELDS:
        data[name] = getattr(result, name)
        if name == "summary":
            data["gate"] = GateCounts.of(result)  # as to_json_data places it
    data["findings"] = findings
    if result.projects is not None:
        totals = result.projects
        data["projects"] = {name: _number(getattr(totals, name)) for name in _TOTALS_FIELDS}
    return data


# A finding's fields read at once (in C), up to its location and after it: its message
# goes between them, where the report has always had it.
# (attrgetter of two or more names gives a tuple: there are a dozen before, two after)
_TO_LOCATION = _FINDING_FIELDS[: _FINDING_FIELDS.index("location") + 1]
_AFTER_LOCATION = _FINDING_FIELDS[len(_TO_LOCATION) :]
_GET_TO_LOCATION, _GET_AFTER_LOCATION = attrgetter(*_TO_LOCATION), attrgetter(*_AFTER_LOCATION)


def _finding_data(finding: Finding) -> dict[str, Any]:
    """A finding as orjson writes it in the list of findings; see :func:`_rule_parts`."""
    data = dict(zip(_TO_LOCATION, _GET_TO_LOCATION(finding), strict=True))
    data["message"] = finding.message
    data.update(zip(_AFTER_LOCATION, _GET_AFTER_LOCATION(finding), strict=True))
    parts = _rule_parts(finding)
    if parts is not None:
        data["indicator"], data["name"], data["expected"], data["citation"] = parts
    return data


# What every finding of a rule shares, the same objects (the compiled rule's): its citation,
# requirement, name and threshold. Encoded once per process and written as they are: a third
# of a submission's JSON, and most of orjson's work on it. The fragments sit in a finding in
# the list of findings, two levels deep; the list is re-indented to its depth after.
_RULE_PART_INDENT = b"\n" + b"  " * 2
# id of the citation -> (the four objects, held: ids stay unique; their four fragments)
_ENCODED: dict[int, tuple[tuple[object, ...], tuple[orjson.Fragment, ...]]] = {}


def _rule_parts(finding: Finding) -> tuple[orjson.Fragment, ...] | None:
    """The encoded indicator, name, expected and citation of a finding; None when it has a
    part of its own (a finding built by a program), written as it is then."""
    held = _ENCODED.get(id(finding.citation))
    if held is not None:
        (indicator, name, expected, citation), fragments = held
        same = indicator is finding.indicator and name is finding.name and expected is finding.expected
        return fragments if same and citation is finding.citation else None
    objects = (finding.indicator, finding.name, finding.expected, finding.citation)
    fragments = tuple(
        orjson.Fragment(orjson.dumps(o, default=_default, option=orjson.OPT_INDENT_2).replace(b"\n", _RULE_PART_INDENT))
        for o in objects
    )
    if len(_ENCODED) >= 4096:  # a program that builds rule sets afresh for every file: start over
        _ENCODED.clear()
    _ENCODED[id(finding.citation)] = (objects, fragments)
    return fragments


def _default(value: Any) -> Any:
    """What orjson cannot write itself: text worded when read (a project record's reasons)."""
    if isinstance(value, Worded):
        return value.plain()
    raise TypeError(f"Type is not JSON serializable: {type(value).__name__}")


def _number(value: Any) -> Any:
    """A float as the standard library writes it (orjson writes 1e-05 as 1e-5, NaN as null)."""
    return orjson.Fragment(json.dumps(value)) if isinstance(value, float) else value


def _dumps(value: object, depth: int) -> str:
    """``value`` as it appears ``depth`` levels deep in a document dumped with indent=2."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


@hookimpl
def ecorules_register_reporters(registry: ReporterRegistry) -> None:
    registry.add(JsonReporter())
