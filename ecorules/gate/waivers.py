"""Waivers: a failing finding that the data team has decided to live with, for a while, in writing.

A waiver names what it covers, why, who approved it and until when. Until that date the
finding no longer fails the gate; from that date it fails again, and reports say the waiver
has expired, so an exception never becomes permanent by being forgotten. The file is
``waivers.toml``::

    [[waiver]]
    rule = "EC24-06.5"            # a rule ID (a former ID in the rule's aliases works too)
    # indicator = "6"             # ... or every rule of one indicator; give exactly one of the two
    district = "渝北区"            # optional: district name or administrative division code
    year = 2023                   # optional: reporting year
    file = "data/*.csv"           # optional: a glob relative to this file's folder, or a plain file name
    reason = "夜间噪声监测点位调整中，2024 年底完成"   # required, not empty
    expires = 2026-12-31          # required, a TOML date (unquoted)
    approved_by = "区生态环境局 张三"  # required

Choices, and why:

- **Reason, expiry and approver are required.** A waiver without them cannot be reviewed
  or retired. The file is validated completely and every problem is listed at once, with
  the file, the key path (``waiver[2].reason``) and the line, as rule-set files are; an
  invalid file is an input error (exit 2), never a silently ignored waiver.
- **Selectors narrow, never widen.** ``rule`` or ``indicator`` says what; ``district``,
  ``year`` and ``file`` say for whom. A waiver without them covers every checked
  submission the waivers file applies to.
- **Expiry.** A waiver is in force up to and including its ``expires`` date. An expired
  waiver still marks the finding (``Suppression.expired``) so reports can say "waiver
  expired on DATE", but the finding fails the gate again.
- **Stale waivers.** A waiver that matches no failing finding in a run (the problem was
  fixed, the rule ID is mistyped, the year has passed) is returned as a :class:`StaleWaiver`
  naming the selector that matched nothing, so it can be removed before it silently covers
  a future problem.
- **Where the file is found** (:func:`find_waivers_file`): next to the submission, then in
  each parent folder up to the working directory or the root of the repository (the first
  folder holding ``.git``), whichever comes first. A waiver is a decision of the project
  that holds the data; a ``waivers.toml`` above the repository or the working directory
  belongs to something else, and picking it up would waive findings nobody here approved.
  A submission outside the working directory and outside any repository is looked up in
  its own folder only. ``--waivers FILE`` names the file explicitly instead.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ecorules.model.errors import EcorulesError, InputError, UsageError
from ecorules.model.files import TomlError, parse_toml, read_text
from ecorules.model.findings import CheckResult, Finding, Suppression
from ecorules.model.fingerprints import portable_path
from ecorules.model.problems import Problem
from ecorules.model.ruleset import RULE_ID_RE, name_key
from ecorules.model.text import Lang, T, Text
from ecorules.model.validation import describe_error

if sys.version_info >= (3, 11):
    pass
else:  # pragma: no cover - exercised on 3.10 only
    pass

WAIVERS_FILENAME = "waivers.toml"

SELECTORS = ("file", "district", "year")  # the order a stale waiver's selectors are tried in


# --- the file format ---------------------------------------------------------------------------


def _text_value(value: Any) -> Any:
    """Indicator numbers and division codes may be written as TOML integers (``indicator = 6``)."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _not_blank(value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise PydanticCustomError("blank", "must not be empty")
    return value.strip() if value is not None else None


class Waiver(BaseModel):
    """One ``[[waiver]]`` table, as written."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    rule: str | None = None
    indicator: str | None = None
    district: str | None = None
    year: int | None = None
    file: str | None = None
    reason: str
    expires: date
    approved_by: str

    @field_validator("indicator", "district", mode="before")
    @classmethod
    def _numbers_as_text(cls, v: Any) -> Any:
        return _text_value(v)

    @field_validator("rule", "indicator", "district", "file", "reason", "approved_by")
    @classmethod
    def _filled(cls, v: str | None) -> str | None:
        return _not_blank(v)

    @field_validator("rule")
    @classmethod
    def _rule_id(cls, v: str | None) -> str | None:
        if v is not None and not re.match(RULE_ID_RE, v):
            raise PydanticCustomError("rule_id", "not a rule ID")
        return v

    @field_validator("expires", mode="before")
    @classmethod
    def _toml_date(cls, v: Any) -> Any:
        # A quoted "2026-12-31" or a date-time would be accepted by a lenient parser; the
        # format has one spelling, so a reader of the file never wonders which one counts.
        if isinstance(v, datetime) or not isinstance(v, date):
            raise PydanticCustomError("toml_date", "must be a TOML date")
        return v

    @model_validator(mode="after")
    def _one_target(self) -> Waiver:
        if (self.rule is None) == (self.indicator is None):
            raise PydanticCustomError("one_target", "give exactly one of rule or indicator")
        return self

    def what(self) -> str:
        return f"rule {self.rule}" if self.rule else f"indicator {self.indicator}"


class _WaiversDocument(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    waiver: list[Waiver] = []


@dataclass(frozen=True)
class LoadedWaiver:
    """A waiver and where it was written: the file, its position in the file and its line."""

    waiver: Waiver
    source: str  # the waivers file, as given
    index: int
    line: int | None = None

    @property
    def key(self) -> str:
        return f"waiver[{self.index}]"

    @property
    def folder(self) -> Path:
        return Path(self.source).resolve().parent

    def where(self) -> str:
        """``waivers.toml:12 waiver[2]``: enough to find it in an editor."""
        at = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{at} {self.key}"


@dataclass(frozen=True)
class WaiverFile:
    path: Path
    waivers: tuple[LoadedWaiver, ...] = ()

    def __iter__(self) -> Iterator[LoadedWaiver]:
        return iter(self.waivers)

    def __len__(self) -> int:
        return len(self.waivers)


class WaiversError(InputError):
    """A waivers file is not valid. Carries every problem found, each with its key path and line."""

    code = "waiver.invalid"

    def __init__(self, file: str, problems: list[Problem]):
        n = len(problems)
        heading = T(f"豁免文件无效（{n} 处问题）：", f"invalid waivers file ({n} problem{'s' if n != 1 else ''}):")
        EcorulesError.__init__(self, problems=problems, heading=heading)


# --- reading -----------------------------------------------------------------------------------


def load_waivers(path: str | Path) -> WaiverFile:
    """Read and validate a waivers file; raise :class:`WaiversError` listing every problem."""
    path = Path(path)
    try:
        text = read_text(path)
    except InputError as exc:
        raise WaiversError(str(path), [replace(p, code="waiver.unreadable") for p in exc.problems]) from None
    return load_waivers_text(text, path)


def load_waivers_text(text: str, path: str | Path) -> WaiverFile:
    source = str(path)
    try:
        data = parse_toml(text, "waiver.toml-syntax", source)
    except TomlError as exc:
        raise WaiversError(source, exc.problems) from None
    try:
        document = _WaiversDocument.model_validate(data)
    except ValidationError as exc:
        errors: list[Any] = list(exc.errors())
        reported = {tuple(e["loc"]) for e in errors if e["type"] == "one_target"}
        # pydantic checks "rule or indicator" only once every field is valid; say it now too
        errors += [e for e in _target_errors(data) if tuple(e["loc"]) not in reported]
        errors.sort(key=lambda e: tuple(e["loc"])[1] if len(e["loc"]) > 1 and isinstance(e["loc"][1], int) else -1)
        raise WaiversError(source, [_describe(err, text, source) for err in errors]) from None
    headers = _waiver_headers(text)
    return WaiverFile(
        path=Path(path),
        waivers=tuple(
            LoadedWaiver(w, source, i, headers[i] if i < len(headers) else None) for i, w in enumerate(document.waiver)
        ),
    )


def _target_errors(data: Any) -> list[dict[str, Any]]:
    tables = data.get("waiver") if isinstance(data, dict) else None
    if not isinstance(tables, list):
        return []
    return [
        {"loc": ("waiver", i), "type": "one_target", "msg": "give exactly one of rule or indicator"}
        for i, table in enumerate(tables)
        if isinstance(table, dict) and ("rule" in table) == ("indicator" in table)
    ]


_CODES = {"missing": "waiver.missing-key", "extra_forbidden": "waiver.unknown-key", "one_target": "waiver.one-target"}


def _describe(err: Any, text: str, source: str) -> Problem:
    loc = tuple(err["loc"])
    key = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(loc))
    kind = err["type"]
    field_name = loc[-1] if loc and isinstance(loc[-1], str) else None
    if kind == "missing":
        why = T("缺少必填项", "required key is missing")
    elif kind == "extra_forbidden":
        why = T("未知的键（豁免文件格式见 docs/ci.md）", "unknown key (the waivers format is in docs/ci.md)")
    elif kind == "blank":
        why = T("不能为空", "must not be empty")
    elif kind == "toml_date":
        why = T(
            "须为不加引号的 TOML 日期，如 expires = 2026-12-31",
            "must be an unquoted TOML date, such as expires = 2026-12-31",
        )
    elif kind == "rule_id":
        why = T(
            f"不是规则编号（如 EC24-06.5）：{err['input']!r}", f"not a rule ID (such as EC24-06.5): {err['input']!r}"
        )
    elif kind == "one_target":
        why = T("rule 与 indicator 须给出且只给出一个", "give exactly one of rule or indicator")
    elif loc == ("waiver",) and kind == "list_type":
        why = T("每条豁免写作 [[waiver]]（双方括号）", "write each waiver as [[waiver]] (double brackets)")
    else:
        why = describe_error(err)
    line = _line_of(loc, field_name if kind != "missing" else None, text)
    code = _CODES.get(kind, "waiver.invalid-value")
    return Problem(code=code, message=why, file=source, key=key or None, line=line)


_HEADER = re.compile(r"""^\s*\[\[\s*(?:waiver|"waiver"|'waiver')\s*\]\]""")
_TABLE = re.compile(r"^\s*\[")


def _waiver_headers(text: str) -> list[int]:
    """The line of each ``[[waiver]]`` header, in order (1-based)."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if _HEADER.match(line)]


def _line_of(loc: tuple, key: str | None, text: str) -> int | None:
    """The line of ``key`` in the n-th ``[[waiver]]`` table, else of the table's header."""
    lines = text.splitlines()
    if len(loc) >= 2 and loc[0] == "waiver" and isinstance(loc[1], int):
        headers = _waiver_headers(text)
        if loc[1] >= len(headers):
            return None
        start = headers[loc[1]]
        if key is not None:
            pattern = re.compile(rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
            for n in range(start, len(lines)):  # lines after the header (0-based index == 1-based number - 1)
                if _TABLE.match(lines[n]):
                    break
                if pattern.match(lines[n]):
                    return n + 1
        return start
    if loc and isinstance(loc[0], str):
        pattern = re.compile(rf"""^\s*\[*\s*["']?{re.escape(loc[0])}["']?\s*[\]=]""")
        for n, line in enumerate(lines, start=1):
            if pattern.match(line):
                return n
    return None


def find_waivers_file(submission_path: str | Path) -> Path | None:
    """``waivers.toml`` next to the submission, else in the nearest parent folder, looking no
    higher than the working directory or the repository root (the module docstring says why)."""
    start = Path(submission_path).resolve().parent
    cwd = Path.cwd().resolve()
    chain = [start, *start.parents]
    stop = next((i for i, folder in enumerate(chain) if folder == cwd or (folder / ".git").exists()), 0)
    for folder in chain[: stop + 1]:
        candidate = folder / WAIVERS_FILENAME
        if candidate.is_file():
            return candidate
    return None


# --- applying ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaleWaiver:
    """A waiver that covered no failing finding in this run, and the selector that matched nothing."""

    waiver: LoadedWaiver
    selector: str  # file, district, year, rule or indicator
    explanation: Text

    def describe(self, lang: Lang) -> str:
        head = T("豁免未匹配任何未通过的结果", "waiver matches no failing finding").get(lang)
        return f"{self.waiver.where()} ({self.waiver.waiver.what()}): {head}: {self.explanation.get(lang)}"


def known_aliases(results: Iterable[CheckResult], registry: Any) -> dict[str, str]:
    """Former rule IDs -> current IDs, from the installed rule sets (``registry``, a
    :class:`~ecorules.registry.RulesetRegistry`) the results were checked against. A rule set
    given as a file (``--ruleset FILE.toml``) is not installed; pass its aliases to
    :func:`apply_waivers` if waivers use its former IDs."""
    out: dict[str, str] = {}
    for ruleset_id in sorted({r.ruleset.id for r in results}):
        try:
            rs = registry.get(ruleset_id).ruleset
        except UsageError:
            continue
        for rule in rs.rules:
            for alias in rule.aliases:
                out.setdefault(alias, rule.id)
    return out


def apply_waivers(
    results: list[CheckResult],
    waivers: Iterable[LoadedWaiver],
    today: date,
    *,
    aliases: Mapping[str, str] | None = None,
    rulesets: Any = None,
) -> tuple[list[CheckResult], list[StaleWaiver]]:
    """Mark each failing finding a waiver covers; return the new results and the stale waivers.

    Only findings whose status fails (not met, missing data) are waived. When several waivers
    cover one finding, the first one in force (in file order) is used, else the first expired
    one, so the report can say it expired. Every waiver covering a failing finding counts as
    used, expired or not. ``aliases`` maps former rule IDs to current ones (default: from the
    installed rule sets in ``rulesets``, see :func:`known_aliases`).
    """
    loaded = list(waivers)
    if aliases is None:
        aliases = known_aliases(results, rulesets) if rulesets and any(w.waiver.rule for w in loaded) else {}
    used: set[int] = set()  # positions in `loaded` of waivers that covered a failing finding
    out = []
    for result in results:
        covering = [(i, w) for i, w in enumerate(loaded) if _covers_submission(w, result)]
        findings = []
        for finding in result.findings:
            matched = [(i, w) for i, w in covering if finding.status.fails and _covers_rule(w.waiver, finding, aliases)]
            if not matched:
                findings.append(finding)
                continue
            used.update(i for i, _ in matched)
            in_force = [w for _, w in matched if not _expired(w.waiver, today)]
            chosen = in_force[0] if in_force else matched[0][1]
            findings.append(replace(finding, suppression=_suppression(chosen, today)))
        out.append(replace(result, findings=findings))
    stale = [_why_stale(w, results, aliases) for i, w in enumerate(loaded) if i not in used]
    return out, stale


def apply_waiver_files(
    results: list[CheckResult],
    today: date,
    explicit: str | Path | None = None,
    *,
    aliases: Mapping[str, str] | None = None,
    rulesets: Any = None,
) -> tuple[list[CheckResult], list[StaleWaiver]]:
    """Waivers for a whole run at once: ``explicit`` (``--waivers FILE``) for every submission,
    else each submission's own ``waivers.toml`` (:func:`find_waivers_file`), read once per
    file. A waivers file found for one submission never applies to another submission it was
    not found for. (:class:`WaiverGate` does the same as results stream past.)"""
    gate = WaiverGate(today, explicit, rulesets, aliases=aliases)
    return gate.apply(results), gate.stale()


class WaiverGate:
    """Waivers applied as results stream past, file by file, with the same outcome as
    :func:`apply_waiver_files` over the whole run: ``explicit`` (``--waivers FILE``) for every
    submission, else each submission's own ``waivers.toml``. :meth:`stale` names, at the
    end, the waivers that covered no failing finding in the whole run."""

    def __init__(
        self,
        today: date,
        explicit: str | Path | None = None,
        rulesets: Any = None,
        *,
        aliases: Mapping[str, str] | None = None,
    ):
        self.today = today
        self.rulesets = rulesets  # the installed rule sets, for former rule IDs (see known_aliases)
        self.aliases = aliases  # given former rule IDs; else found in `rulesets`
        self._explicit = load_waivers(explicit) if explicit is not None else None
        # per waivers file, in the order first met: its waivers, those used, the results it saw
        self._files: dict[Path | None, tuple[list[LoadedWaiver], set[int], list[CheckResult]]] = {}
        if self._explicit is not None:  # every one of its waivers is stale if nothing is checked
            self._files[None] = (list(self._explicit), set(), [])
        self._found: dict[str, Path | None] = {}

    def _file_for(self, source: str) -> Path | None:
        if self._explicit is not None:
            return None
        if source not in self._found:
            self._found[source] = find_waivers_file(source)
        return self._found[source]

    def apply(self, results: list[CheckResult]) -> list[CheckResult]:
        out = list(results)
        groups: dict[Path | None, list[int]] = {}
        for i, result in enumerate(results):
            groups.setdefault(self._file_for(result.source), []).append(i)
        for path, indexes in groups.items():
            if path is None and self._explicit is None:
                continue
            if path not in self._files:
                loaded = list(self._explicit if self._explicit is not None else load_waivers(_shown(path)))  # type: ignore[arg-type]
                self._files[path] = (loaded, set(), [])
            loaded, used, seen = self._files[path]
            batch = [results[i] for i in indexes]
            waived, unused = apply_waivers(batch, loaded, self.today, aliases=self.aliases, rulesets=self.rulesets)
            unused_ids = {id(s.waiver) for s in unused}
            used.update(n for n, w in enumerate(loaded) if id(w) not in unused_ids)
            seen.extend(batch)
            for i, result in zip(indexes, waived, strict=True):
                out[i] = result
        return out

    def expiring(self, within_days: int) -> list[LoadedWaiver]:
        """Waivers of the files read in this run that are in force today and end within
        ``within_days`` days, soonest first: renew or retire them before the gate fails."""
        soon = [
            w
            for loaded, _, _ in self._files.values()
            for w in loaded
            if 0 <= (w.waiver.expires - self.today).days <= within_days
        ]
        return sorted(soon, key=lambda w: w.waiver.expires)

    def stale(self) -> list[StaleWaiver]:
        out = []
        for loaded, used, seen in self._files.values():
            unused = [w for n, w in enumerate(loaded) if n not in used]
            if unused:
                rule_waivers = self.rulesets and any(w.waiver.rule for w in loaded)
                aliases = self.aliases or (known_aliases(seen, self.rulesets) if rule_waivers else {})
                out += [_why_stale(w, seen, aliases) for w in unused]
        return out


def _shown(path: Path) -> Path:
    """The path as messages should show it: relative to the working directory when below it."""
    return Path(portable_path(str(path)))


def _expired(w: Waiver, today: date) -> bool:
    return w.expires < today


def _suppression(w: LoadedWaiver, today: date) -> Suppression:
    return Suppression(
        kind="waiver",
        reason=w.waiver.reason,
        approved_by=w.waiver.approved_by,
        expires=w.waiver.expires,
        expired=_expired(w.waiver, today),
        source=portable_path(w.source),
    )


def _covers_submission(w: LoadedWaiver, result: CheckResult) -> bool:
    return all(_selector_matches(w, name, result) for name in SELECTORS)


def _selector_matches(w: LoadedWaiver, name: str, result: CheckResult) -> bool:
    waiver = w.waiver
    if name == "file":
        return waiver.file is None or file_matches(waiver.file, result.source, w.folder)
    if name == "district":
        wanted = None if waiver.district is None else name_key(waiver.district)
        return wanted is None or wanted in {name_key(result.district), name_key(result.district_code or "")}
    return waiver.year is None or waiver.year == result.year


def _covers_rule(w: Waiver, finding: Finding, aliases: Mapping[str, str]) -> bool:
    if w.rule is not None:
        return finding.rule_id in (w.rule, aliases.get(w.rule))
    return finding.indicator.number == w.indicator


def file_matches(pattern: str, source: str, folder: Path) -> bool:
    """A plain name (no ``/``) matches the file's name wherever it is; a pattern with ``/`` is a
    glob relative to ``folder`` (the waivers file's), where ``*`` stays within one folder and
    ``**`` spans any number of them."""
    pattern = pattern.replace("\\", "/")
    target = Path(source).resolve()
    if "/" not in pattern:
        return glob_match(pattern, target.name)
    try:
        relative = target.relative_to(folder).as_posix()
    except ValueError:
        return False
    return glob_match(pattern.removeprefix("./"), relative)


def glob_match(pattern: str, text: str) -> bool:
    """Whether ``text`` matches the glob ``pattern`` (``*`` within a folder, ``**/`` any number of
    folders, ``**`` anything, ``?`` one character). Matched by advancing the set of positions
    reachable in ``text`` token by token: time grows with pattern × text, so a pattern such as
    ``*a*a*a*a*…b`` cannot make it backtrack for hours, as a regular expression would."""
    n = len(text)
    reachable = {0}
    i = 0
    while i < len(pattern) and reachable:
        if pattern.startswith("**/", i):  # empty, or anything that ends with a folder's "/"
            start = min(reachable)
            reachable = reachable | {k for k in range(start + 1, n + 1) if text[k - 1] == "/"}
            i += 3
        elif pattern.startswith("**", i):
            reachable = set(range(min(reachable), n + 1))
            i += 2
        elif pattern[i] == "*":  # anything within the current folder: up to the next "/"
            spread: set[int] = set()
            active = False
            for k in range(n + 1):
                active = active or k in reachable
                if active:
                    spread.add(k)
                if k < n and text[k] == "/":
                    active = False
            reachable = spread
            i += 1
        else:
            char = pattern[i]
            reachable = {j + 1 for j in reachable if j < n and (text[j] == char or (char == "?" and text[j] != "/"))}
            i += 1
    return n in reachable


def _listing(values: Iterable[object], limit: int = 5) -> str:
    unique = list(dict.fromkeys(str(v) for v in values))
    shown = ", ".join(unique[:limit])
    return shown + (f", … (+{len(unique) - limit})" if len(unique) > limit else "")


def _why_stale(w: LoadedWaiver, results: list[CheckResult], aliases: Mapping[str, str]) -> StaleWaiver:
    """Try the selectors in order and name the first after which nothing is left."""
    waiver = w.waiver
    remaining = results
    for name in SELECTORS:
        narrowed = [r for r in remaining if _selector_matches(w, name, r)]
        if not narrowed:
            value = getattr(waiver, name)
            if name == "file":
                seen = _listing(portable_path(r.source) for r in remaining) or "-"
                why = T(
                    f"file = {value!r} 不匹配本次检查的文件（{seen}）",
                    f"file = {value!r} matches no checked file ({seen})",
                )
            elif name == "district":
                seen = _listing(f"{r.district} {r.district_code or ''}".strip() for r in remaining) or "-"
                why = T(
                    f"district = {value!r} 不匹配本次检查的地区（{seen}）",
                    f"district = {value!r} matches no checked district ({seen})",
                )
            else:
                seen = _listing(sorted({r.year for r in remaining if r.year is not None})) or "-"
                why = T(
                    f"year = {value} 不匹配本次检查的年份（{seen}）", f"year = {value} matches no checked year ({seen})"
                )
            return StaleWaiver(w, name, why)
        remaining = narrowed
    target = "rule" if waiver.rule else "indicator"
    hits = [(r, f) for r in remaining for f in r.findings if _covers_rule(waiver, f, aliases)]
    if not hits:
        rulesets = _listing(r.ruleset.id for r in remaining)
        what_zh = f"规则 {waiver.rule}" if waiver.rule else f"指标 {waiver.indicator}"
        why = T(
            f"本次所用规则集（{rulesets}）中没有{what_zh}", f"the rule sets used ({rulesets}) have no {waiver.what()}"
        )
        return StaleWaiver(w, target, why)
    zh = _listing(f"{r.heading.zh} {f.rule_id} {f.status.label.zh}" for r, f in hits)
    en = _listing(f"{r.heading.en} {f.rule_id} {f.status.label.en}" for r, f in hits)
    why = T(f"已不再未通过：{zh}；可删除此豁免", f"no longer fails: {en}; the waiver can be removed")
    return StaleWaiver(w, target, why)


__all__ = [
    "WAIVERS_FILENAME",
    "LoadedWaiver",
    "StaleWaiver",
    "Waiver",
    "WaiverFile",
    "WaiverGate",
    "WaiversError",
    "apply_waiver_files",
    "apply_waivers",
    "file_matches",
    "find_waivers_file",
    "known_aliases",
    "load_waivers",
    "load_waivers_text",
]
