"""Machine-readable JSON: one object per input file under ``"submissions"``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ecorules import __version__
from ecorules.hookspecs import hookimpl
from ecorules.interfaces import ReportOptions
from ecorules.model.batch import summarize_batch
from ecorules.model.findings import CheckResult, to_json_data
from ecorules.model.text import T

if TYPE_CHECKING:
    from ecorules.registry import ReporterRegistry


class JsonReporter:
    name = "json"
    description = T("JSON（含全部字段，中英双语）", "JSON with every field, both languages")

    def render(self, results: list[CheckResult], options: ReportOptions) -> str:
        document: dict[str, object] = {
            "tool": {"name": "ecorules", "version": __version__},
            "submissions": [to_json_data(r) for r in results],
        }
        if len({r.source for r in results}) > 1:  # a batch of files: the counts and the districts × indicators matrix
            document["batch"] = summarize_batch(results).to_json_data()
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@hookimpl
def ecorules_register_reporters(registry: ReporterRegistry) -> None:
    registry.add(JsonReporter())
