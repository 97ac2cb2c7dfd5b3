"""How much ecorules reads before it refuses: the resource limits on untrusted input.

Every file a check reads (a submission, a rule set or waivers file given by path, a baseline,
a settings file) is untrusted: a few kilobytes can claim a million rows, unpack to gigabytes,
nest ten thousand levels deep or hold a number no computer can finish converting. Each limit
below turns such a file into a clear error (exit 2) naming the file, the limit and how to
raise it, instead of a hang or a crash. The defaults are far above any real submission.

The limits in force are a context (:func:`in_force`, a :class:`contextvars.ContextVar`): the
command line sets them once for a command from the settings file's ``[limits]`` table and
``--limit NAME=VALUE``; :class:`~ecorules.pipeline.Checker` sets them again around each file
from :attr:`CheckOptions.limits <ecorules.pipeline.CheckOptions.limits>` (worker processes
included) and starts that file's clock. Readers ask :func:`current` instead of taking the
limits as an argument through every layer, as :mod:`decimal` does with its context.

A limit may be lowered freely and raised only up to its ceiling: a settings file is itself
untrusted, and no setting may switch the protection off.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace

from ecorules.model.errors import InputError
from ecorules.model.problems import Problem
from ecorules.model.text import T, Text


@dataclass(frozen=True)
class LimitSpec:
    """One limit: its default, the range a setting may give it, and what it bounds."""

    default: int
    minimum: int
    ceiling: int
    unit: Text
    about: Text


# name -> spec; the names are the keys of the settings file's [limits] table and of --limit.
LIMITS: dict[str, LimitSpec] = {
    "file-mb": LimitSpec(
        100, 1, 2048, T("MB", "MB"), T("一个输入文件的大小", "size of one input file (any file a check reads)")
    ),
    "rows": LimitSpec(
        200_000, 10, 5_000_000, T("行", "rows"), T("一个表格（工作表或 CSV）的行数", "rows in one table (sheet or CSV)")
    ),
    "columns": LimitSpec(1_000, 5, 16_384, T("列", "columns"), T("一个表格的列数", "columns in one table")),
    "sheets": LimitSpec(100, 1, 1_000, T("个", "sheets"), T("一个工作簿的工作表数", "worksheets in one workbook")),
    "archive-mb": LimitSpec(
        256,
        1,
        4096,
        T("MB", "MB"),
        T("工作簿解压后的总大小（在解压之前检查）", "what a workbook unpacks to in all (checked before inflating)"),
    ),
    "archive-ratio": LimitSpec(
        200,
        10,
        1_000,
        T("倍", ":1"),
        T("工作簿中一个部件的压缩比（超过 1 MB 的部件）", "compression ratio of one workbook part (parts over 1 MB)"),
    ),
    "archive-parts": LimitSpec(
        10_000, 10, 100_000, T("个", "parts"), T("工作簿压缩包中的部件数", "parts in a workbook's archive")
    ),
    "nesting": LimitSpec(
        200, 10, 900, T("层", "levels"), T("JSON 与 TOML 的嵌套层数", "nesting depth of JSON and TOML")
    ),
    "key-parts": LimitSpec(
        32, 8, 256, T("级", "parts"), T("TOML 键的级数（a.b.c 为 3 级）", "parts of a TOML key (a.b.c is 3)")
    ),
    "digits": LimitSpec(30, 16, 100, T("位", "digits"), T("一个数的有效数字位数", "significant digits of one number")),
    "exponent": LimitSpec(
        15, 6, 100, T("", ""), T("一个数的数量级（10 的 ± 次方）", "magnitude of one number (power of ten, ±)")
    ),
    "derivation-depth": LimitSpec(
        20, 2, 100, T("层", "levels"), T("派生值层层引用的深度", "depth of derived values built on derived values")
    ),
    "seconds-per-file": LimitSpec(
        60,
        1,
        3_600,
        T("秒", "s"),
        T("读取并检查一个文件的时间", "time to read and check one file"),
    ),
}


def _attribute(name: str) -> str:
    return name.replace("-", "_")


@dataclass(frozen=True)
class Limits:
    """The limits in force; each field is the limit of the same name in :data:`LIMITS`
    (``file-mb`` is ``file_mb``). Frozen and hashable: a worker keeps one checker per options."""

    file_mb: int = LIMITS["file-mb"].default
    rows: int = LIMITS["rows"].default
    columns: int = LIMITS["columns"].default
    sheets: int = LIMITS["sheets"].default
    archive_mb: int = LIMITS["archive-mb"].default
    archive_ratio: int = LIMITS["archive-ratio"].default
    archive_parts: int = LIMITS["archive-parts"].default
    nesting: int = LIMITS["nesting"].default
    key_parts: int = LIMITS["key-parts"].default
    digits: int = LIMITS["digits"].default
    exponent: int = LIMITS["exponent"].default
    derivation_depth: int = LIMITS["derivation-depth"].default
    seconds_per_file: int = LIMITS["seconds-per-file"].default

    def with_settings(self, settings: dict[str, int]) -> Limits:
        """These limits with some set by name (``{"rows": 500000}``), each within its range."""
        changes: dict[str, int] = {}
        for name, value in settings.items():
            spec = LIMITS.get(name) or LIMITS.get(name.replace("_", "-"))
            if spec is None:
                known = ", ".join(LIMITS)
                raise ValueError(f"unknown limit {name!r} (known: {known})")
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"limit {name} must be a whole number, not {value!r}")
            if not spec.minimum <= value <= spec.ceiling:
                raise ValueError(f"limit {name} must be between {spec.minimum} and {spec.ceiling}, not {value}")
            changes[_attribute(name.replace("_", "-"))] = value
        return replace(self, **changes)

    def changed(self) -> dict[str, int]:
        """The limits that differ from the defaults, by name."""
        default = Limits()
        return {
            f.name.replace("_", "-"): getattr(self, f.name)
            for f in fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        }


# Limits is frozen: the shared default cannot be changed through the context
_IN_FORCE: contextvars.ContextVar[Limits] = contextvars.ContextVar("ecorules_limits", default=Limits())  # noqa: B039
# (monotonic time after which the file being checked is given up, the file's name)
_DEADLINE: contextvars.ContextVar[tuple[float, str] | None] = contextvars.ContextVar("ecorules_deadline", default=None)


def current() -> Limits:
    """The limits in force."""
    return _IN_FORCE.get()


@contextlib.contextmanager
def in_force(limits: Limits) -> Iterator[Limits]:
    """Make ``limits`` the ones in force inside the ``with`` block."""
    token = _IN_FORCE.set(limits)
    try:
        yield limits
    finally:
        _IN_FORCE.reset(token)


@contextlib.contextmanager
def clock(source: str) -> Iterator[None]:
    """Start ``source``'s clock: :func:`checkpoint` raises once ``seconds-per-file`` has passed."""
    token = _DEADLINE.set((time.monotonic() + current().seconds_per_file, source))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def checkpoint() -> None:
    """Give up the file being checked if its time is over (called once per row or record:
    cheap when there is time left)."""
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline[0]:
        seconds = current().seconds_per_file
        raise exceeded(
            "seconds-per-file",
            deadline[1],
            T(
                f"读取并检查该文件超过 {seconds} 秒，已放弃",
                f"reading and checking the file took over {seconds} s; given up",
            ),
            code="input.time-limit",
        )


def with_advice(why: Text, name: str) -> Text:
    """``why`` followed by the limit it hit and how to allow more."""
    spec = LIMITS[name]
    value = getattr(current(), _attribute(name))
    return T(
        f"{why.zh}（限制 {name} = {value}，最多可设为 {spec.ceiling}；确属正常数据时可在配置文件的 [limits] 表中"
        f"或用 --limit {name}=N 调高）",
        f"{why.en} (limit {name} = {value}, which may be set up to {spec.ceiling}; if the data is genuine, raise it "
        f"in the settings file's [limits] table or with --limit {name}=N)",
    )


def exceeded(
    name: str,
    source: str,
    why: Text,
    *,
    code: str = "input.too-large",
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    line: int | None = None,
) -> InputError:
    """The error for a file beyond limit ``name``: what is too much, and how to allow more."""
    message = with_advice(why, name)
    problem = Problem(code=code, message=message, file=source, sheet=sheet, row=row, column=column, line=line)
    return InputError(problems=[problem])


__all__ = ["LIMITS", "LimitSpec", "Limits", "checkpoint", "clock", "current", "exceeded", "in_force", "with_advice"]
