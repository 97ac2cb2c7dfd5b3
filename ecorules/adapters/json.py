"""JSON in the canonical layout: ``district``, ``submission`` and a ``values`` list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ecorules.adapters.records import FIELDS, Record, build_submissions
from ecorules.hookspecs import hookimpl
from ecorules.interfaces import ReadOptions
from ecorules.model import limits
from ecorules.model.errors import InputError
from ecorules.model.files import read_json
from ecorules.model.submission import Location, Submission
from ecorules.model.text import T

if TYPE_CHECKING:
    from ecorules.registry import AdapterRegistry


class JsonAdapter:
    name = "json"
    extensions = (".json",)
    description = T("JSON（规范格式）", "JSON, canonical layout")

    def read(self, path: Path, options: ReadOptions) -> list[Submission]:
        source = str(path)
        data = read_json(path, options.encoding or "utf-8-sig")
        return build_submissions(self._records(data, source), source)

    @staticmethod
    def _records(data: object, source: str) -> list[Record]:
        def fail(pointer: str, zh: str, en: str, code: str = "input.json-shape") -> InputError:
            return InputError(T(zh, en), file=source, where=pointer, code=code)

        if not isinstance(data, dict):
            raise fail(
                "/",
                "顶层应为含 district、submission 和 values 的对象",
                "the top level must be an object with district, submission and values",
            )
        unknown = set(data) - {"district", "submission", "values", "$schema", "comment"}
        if unknown:
            raise fail(
                "/",
                f"未知的键：{', '.join(sorted(unknown))}（可用：district, submission, values）",
                f"unknown keys: {', '.join(sorted(unknown))} (known: district, submission, values)",
                "input.unknown-field",
            )
        records: list[Record] = []
        for section in ("district", "submission"):
            block = data.get(section, {})
            if not isinstance(block, dict):
                raise fail(f"/{section}", f"{section} 应为对象", f"{section} must be an object")
            for name, value in block.items():
                if isinstance(value, (dict, list)):
                    raise fail(f"/{section}/{name}", "应为单个值", "must be a single value")
                loc = Location(file=source, pointer=f"/{section}/{name}")
                records.append(Record({"key": (f"{section}.{name}", loc), "value": (value, loc)}, loc))
        values = data.get("values", [])
        if not isinstance(values, list):
            raise fail("/values", "values 应为由对象组成的数组", "values must be a list of objects")
        allowed = limits.current().rows
        if len(values) > allowed:
            raise limits.exceeded(
                "rows",
                source,
                T(
                    f"values 有 {len(values)} 项，超过 {allowed} 项",
                    f"values has {len(values)} entries, more than {allowed}",
                ),
            )
        for i, entry in enumerate(values):
            pointer = f"/values/{i}"
            if not isinstance(entry, dict):
                raise fail(pointer, "values 的每一项都应为对象", "each entry of values must be an object")
            extra = set(entry) - set(FIELDS)
            if extra:
                raise fail(
                    pointer,
                    f"未知的字段：{', '.join(sorted(extra))}（可用：{', '.join(FIELDS)}）",
                    f"unknown fields: {', '.join(sorted(extra))} (known: {', '.join(FIELDS)})",
                    "input.unknown-field",
                )
            if "key" not in entry:
                raise fail(pointer, "缺少 'key'", "missing 'key'", "input.missing-field")
            rec = Record(location=Location(file=source, pointer=pointer))
            for name, raw in entry.items():
                if isinstance(raw, (dict, list)):
                    raise fail(f"{pointer}/{name}", "应为单个值", "must be a single value")
                rec.cells[name] = (raw, Location(file=source, pointer=f"{pointer}/{name}"))
            records.append(rec)
        return records


@hookimpl
def ecorules_register_adapters(registry: AdapterRegistry) -> None:
    registry.add(JsonAdapter())
