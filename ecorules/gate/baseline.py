"""Baselines: the findings a data repository already had when the gate was switched on.

A team adopting the check on years of existing submissions cannot fix everything before
the gate goes live. A baseline records today's failing findings, by fingerprint
(:func:`ecorules.model.fingerprints.finding_fingerprint`); a later run with the baseline lets
those pass and fails only on *new* findings. A finding is new when its fingerprint is not
in the baseline: a rule that starts failing, a new reporting year or district, or a
submission that was renamed or moved (the file is part of the fingerprint). A changed row
or value does not make a finding new; a fixed finding simply drops out.

Choices, and why:

- **The file is JSON written for review.** One line per finding, sorted by file, district,
  year and rule ID, UTF-8 with Chinese as written, ``\\n`` line endings whatever the
  platform: regenerating an unchanged baseline changes nothing but the ``created`` line
  (which callers may fix, see :func:`write_baseline`), and a pull request that grows the
  baseline shows exactly which findings it accepts.
- **Written atomically** (a temporary file in the same folder, then :func:`os.replace`), so
  an interrupted run never leaves half a baseline for the next run to misread.
- **Waivers come first.** A waived finding is governed by its waiver and its expiry date,
  so a baseline neither records it nor covers it: if a baseline could cover a finding
  whose waiver expired, the expiry would mean nothing.
- **Versioned twice.** ``version`` is the file layout; ``fingerprint_recipe`` names how the
  fingerprints were computed (:data:`~ecorules.model.fingerprints.FINGERPRINT_KEY`). A baseline
  from another layout or recipe is refused with a message saying to write it again,
  rather than matching nothing and failing every known finding at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from ecorules import __version__
from ecorules.model.errors import InputError
from ecorules.model.files import read_json, write_atomically
from ecorules.model.findings import CheckResult, Finding, Status, Suppression
from ecorules.model.fingerprints import FINGERPRINT_KEY, finding_fingerprint, portable_path
from ecorules.model.problems import Problem
from ecorules.model.text import T
from ecorules.model.validation import describe_error

BASELINE_VERSION = 1


class BaselineEntry(BaseModel):
    """One known finding. Only ``fingerprint`` is matched; the rest is there for a reviewer."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    fingerprint: str = Field(pattern=r"^[0-9a-f]{64}$")
    rule_id: str
    file: str
    district: str
    year: int | None  # None for a project table
    indicator: str
    status: Status

    def sort_key(self) -> tuple[str, str, int, str, str]:
        return (self.file, self.district, self.year or 0, self.rule_id, self.fingerprint)


class BaselineTool(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    name: str = "ecorules"
    version: str


class Baseline(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    version: int = BASELINE_VERSION
    tool: BaselineTool
    created: date
    fingerprint_recipe: str = FINGERPRINT_KEY
    findings: list[BaselineEntry]
    _source: str = PrivateAttr(default="")

    @property
    def source(self) -> str:
        """The file the baseline was read from or written to, as reports name it."""
        return self._source

    def fingerprints(self) -> frozenset[str]:
        return frozenset(e.fingerprint for e in self.findings)


# --- writing -----------------------------------------------------------------------------------


def _is_waived(f: Finding) -> bool:
    return f.suppression is not None and f.suppression.kind == "waiver"


def baseline_entries(results: Iterable[CheckResult]) -> list[BaselineEntry]:
    """Every failing finding (not met, missing data; any severity) that no waiver covers, once, sorted."""
    entries: dict[str, BaselineEntry] = {}
    for r in results:
        for f in r.findings:
            if not f.status.fails or _is_waived(f):
                continue
            fingerprint = finding_fingerprint(r, f)
            entries.setdefault(
                fingerprint,
                BaselineEntry(
                    fingerprint=fingerprint,
                    rule_id=f.rule_id,
                    file=portable_path(r.source),
                    district=r.district,
                    year=r.year,
                    indicator=f.indicator.number,
                    status=f.status,
                ),
            )
    return sorted(entries.values(), key=BaselineEntry.sort_key)


def dumps_baseline(baseline: Baseline) -> str:
    """The file's text: the header a key per line, then one line per finding."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    header = baseline.model_dump(mode="json", exclude={"findings"})
    lines = ["{"] + [f"  {one(key)}: {one(value)}," for key, value in header.items()]
    rows = [f"    {one(e.model_dump(mode='json'))}" for e in baseline.findings]
    if rows:
        lines += ['  "findings": [', ",\n".join(rows), "  ]"]
    else:
        lines.append('  "findings": []')
    return "\n".join([*lines, "}"]) + "\n"


def write_baseline(results: Iterable[CheckResult], path: str | Path, *, created: date | None = None) -> Baseline:
    """Record the run's failing findings in ``path`` (replacing it atomically) and return the baseline.

    ``created`` defaults to today; pass a fixed date for byte-identical output.
    """
    return write_baseline_entries(baseline_entries(results), path, created=created)


def write_baseline_entries(
    entries: Iterable[BaselineEntry], path: str | Path, *, created: date | None = None
) -> Baseline:
    """:func:`write_baseline` from entries gathered as results stream past (see :func:`baseline_entries`)."""
    path = Path(path)
    unique = {e.fingerprint: e for e in reversed(list(entries))}  # the first entry of a fingerprint wins
    baseline = Baseline(
        tool=BaselineTool(version=__version__),
        created=created or date.today(),
        findings=sorted(unique.values(), key=BaselineEntry.sort_key),
    )
    baseline._source = portable_path(str(path))
    write_atomically(path, dumps_baseline(baseline))
    return baseline


# --- reading -----------------------------------------------------------------------------------


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline; an :class:`~ecorules.model.errors.InputError` (exit 2) says what is wrong with it."""
    path = Path(path)
    name = str(path)
    try:
        data = read_json(
            path,
            missing_hint=T(
                "基线文件不存在；可用 --write-baseline 生成",
                "baseline file not found; create it with --write-baseline",
            ),
        )
    except InputError as exc:
        syntax = ("input.json-syntax", "input.too-deep")
        recoded = [
            replace(p, code="baseline.json-syntax" if p.code in syntax else "baseline.unreadable") for p in exc.problems
        ]
        raise InputError(problems=recoded) from None
    if not isinstance(data, dict) or "findings" not in data:
        raise InputError(
            T(
                "不是 ecorules 基线文件（应为含 findings 的 JSON 对象）",
                "not an ecorules baseline (a JSON object with findings)",
            ),
            file=name,
            code="baseline.not-baseline",
        )
    version = data.get("version")
    if version != BASELINE_VERSION:
        why = T(
            f"基线文件格式版本为 {version!r}，本版本读取版本 {BASELINE_VERSION}；请用 --write-baseline 重新生成",
            f"baseline format version {version!r}; this version reads version {BASELINE_VERSION}: "
            "write it again with --write-baseline",
        )
        raise InputError(problems=[Problem(code="baseline.version", message=why, file=name, key="version")])
    recipe = data.get("fingerprint_recipe")
    if recipe != FINGERPRINT_KEY:
        why = T(
            f"基线中的指纹按 {recipe!r} 计算，本版本按 {FINGERPRINT_KEY!r} 计算；请用 --write-baseline 重新生成",
            f"the baseline's fingerprints were computed by recipe {recipe!r}, this version computes "
            f"{FINGERPRINT_KEY!r}: write it again with --write-baseline",
        )
        raise InputError(problems=[Problem(code="baseline.recipe", message=why, file=name, key="fingerprint_recipe")])
    try:
        baseline = Baseline.model_validate(data)
    except ValidationError as exc:
        problems = [_describe(err, name) for err in exc.errors()]
        n = len(problems)
        heading = T(f"基线文件无效（{n} 处问题）：", f"invalid baseline ({n} problem{'s' if n != 1 else ''}):")
        raise InputError(problems=problems, heading=heading, file=name) from None
    baseline._source = portable_path(name)
    return baseline


def _key(loc: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(loc))


_CODES = {"missing": "baseline.missing-key", "extra_forbidden": "baseline.unknown-key"}


def _describe(err: Any, source: str) -> Problem:
    """One of pydantic's errors as a problem at its key. (The English is pydantic's own words.)"""
    why = T(describe_error(err).zh, err["msg"])
    return Problem(
        code=_CODES.get(err["type"], "baseline.invalid-value"), message=why, file=source, key=_key(err["loc"])
    )


# --- applying ----------------------------------------------------------------------------------


def baseline_reason(baseline: Baseline) -> str:
    """The suppression's reason, in both languages: it is shown as written, whatever ``--lang``."""
    where, when = baseline.source or "baseline", baseline.created.isoformat()
    return f"已纳入基线 {where}（{when} 记录）/ in baseline {where} (recorded {when})"


def apply_baseline(results: list[CheckResult], baseline: Baseline) -> list[CheckResult]:
    """Mark failing findings the baseline knows, so they no longer fail the gate; new ones still fail.

    Apply waivers first: a finding with a waiver keeps it, in force or expired.
    """
    known = baseline.fingerprints()
    suppression = Suppression(kind="baseline", reason=baseline_reason(baseline), source=baseline.source or None)
    out = []
    for r in results:
        findings = [
            replace(f, suppression=suppression)
            if f.status.fails and not _is_waived(f) and finding_fingerprint(r, f) in known
            else f
            for f in r.findings
        ]
        out.append(replace(r, findings=findings))
    return out


def fixed_since(results: Iterable[CheckResult], baseline: Baseline) -> list[BaselineEntry]:
    """Baseline entries for the files checked in this run that no longer fail: the baseline can shrink.
    Files not checked in this run say nothing either way and are left out."""
    results = list(results)
    checked = {portable_path(r.source) for r in results}
    failing = {finding_fingerprint(r, f) for r in results for f in r.findings if f.status.fails}
    return [e for e in baseline.findings if e.file in checked and e.fingerprint not in failing]


__all__ = [
    "BASELINE_VERSION",
    "Baseline",
    "BaselineEntry",
    "apply_baseline",
    "baseline_entries",
    "baseline_reason",
    "dumps_baseline",
    "fixed_since",
    "load_baseline",
    "write_baseline",
    "write_baseline_entries",
]
