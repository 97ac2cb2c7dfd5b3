"""Machine-readable JSON: one object per input file under ``"submissions"``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ecorules import __version__
from ecorules.hookspecs import hookimpl
from ecorules.interfaces import ReportOptions
from ecorules.model.batch import BatchSummary
from ecorules.model.findings import CheckResult, to_json_data
from ecorules.model.text import T

if TYPE_CHECKING:
    from ecorules.registry import ReporterRegistry


class JsonReporter:
    name = "json"
    description = T("JSON（含全部字段，中英双语）", "JSON with every field, both languages")

    def render(self, results: list[CheckResult], options: ReportOptions) -> str:
        return "".join(self.stream(results, options))

    def stream(self, results: Iterable[CheckResult], options: ReportOptions) -> Iterator[str]:
        """The document a result at a time, as ``json.dumps(document, indent=2)`` would write it
        whole; a batch of files ends with the counts and the districts × indicators matrix."""
        tool = _dumps({"name": "ecorules", "version": __version__}, 1)
        yield f'{{\n  "tool": {tool},\n  "submissions": ['
        count, sources, batch = 0, set(), BatchSummary()
        for r in results:
            yield ("," if count else "") + "\n    " + _dumps(to_json_data(r), 2)
            count += 1
            sources.add(r.source)
            batch.add(r)
        yield "\n  ]" if count else "]"
        if len(sources) > 1:
            yield ',\n  "batch": ' + _dumps(batch.to_json_data(), 1)
        yield "\n}\n"


def _dumps(value: object, depth: int) -> str:
    """``value`` as it appears ``depth`` levels deep in a document dumped with indent=2."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


@hookimpl
def ecorules_register_reporters(registry: ReporterRegistry) -> None:
    registry.add(JsonReporter())
