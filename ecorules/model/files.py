"""Reading the files ecorules is given, and writing the ones it produces (reports,
baselines, templates) whole or not at all.

A CI job that reads a half-written SARIF file, or a baseline cut short by a full disk,
fails in confusing ways; so every output goes to a temporary file in the same folder,
is flushed to disk and then renamed over the target in one step. The new file keeps
the permissions of the one it replaces (0644 for a new file), since these are shared
files, not secrets.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from ecorules.model import limits
from ecorules.model.errors import InputError, UsageError
from ecorules.model.problems import Problem
from ecorules.model.text import T, Text

# The reasons an operating system gives most often, in Chinese too; any other is said as the
# system words it.
_OS_REASONS_ZH = {
    errno.ENOENT: "文件或目录不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许此操作",
    errno.EISDIR: "这是一个目录",
    errno.ENOTDIR: "路径中有一部分不是目录",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "文件系统为只读",
}


def os_reason(exc: OSError) -> Text:
    """Why a file could not be read or written, in both languages."""
    why = exc.strerror or str(exc)
    return T(_OS_REASONS_ZH.get(exc.errno or 0, why), why)


def write_atomically(path: str | Path, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8, newlines as given).
    A file that cannot be written is a :class:`~ecorules.model.errors.UsageError` (exit 2)."""
    payload = data.encode("utf-8", errors="replace") if isinstance(data, str) else data
    with _replacing(Path(path)) as (fd, _), os.fdopen(fd, "wb") as out:
        out.write(payload)
        out.flush()
        os.fsync(out.fileno())


@contextmanager
def _replacing(path: Path) -> Iterator[tuple[int, str]]:
    """A new temporary file beside ``path`` (its descriptor and name) that replaces ``path``
    when the block ends normally, and is removed however else it ends, an interrupt (Ctrl-C)
    included: its name is chosen before the file is created, so no moment exists in which
    the file is there and its name unknown."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        for _ in range(100):
            tmp = str(path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp")
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
                break
            except FileExistsError:
                continue
        else:  # pragma: no cover - a hundred random names taken
            raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))
        yield fd, tmp
        os.chmod(tmp, mode)  # created private, as the report may be written over a shared one
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        why = os_reason(exc)
        raise UsageError(
            T(f"无法写入文件：{why.zh}", f"cannot write the file: {why.en}"), file=str(path), code="usage.cannot-write"
        ) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


@contextmanager
def writing_atomically(path: str | Path) -> Iterator[TextIO]:
    """A text file to write piece by piece that replaces ``path`` only when complete, as
    :func:`write_atomically` does at once (a report streamed result by result)."""
    # errors="replace": a lone surrogate (from a JSON string "\udc80") is written as "?",
    # never a UnicodeEncodeError halfway through a report
    with (
        _replacing(Path(path)) as (fd, _),
        os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="") as out,
    ):
        yield out
        out.flush()
        os.fsync(out.fileno())


def read_text(path: str | Path, encoding: str = "utf-8", *, missing_hint: Text | None = None) -> str:
    """A text file's content; a file that is missing, unreadable or not in ``encoding`` is an
    :class:`~ecorules.model.errors.InputError` (exit 2) naming the file. Rule sets, waivers,
    baselines and JSON submissions all read through here, so they fail the same way."""
    path = Path(path)
    try:
        refuse_if_too_large(path)
        return path.read_text(encoding=encoding)
    except FileNotFoundError:
        hint = missing_hint or T("文件不存在", "file not found")
        raise InputError(hint, file=str(path), code="input.file-not-found") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            T(
                f"不是 {encoding} 文本（第 {exc.start} 字节）",
                f"not {encoding} text ({exc.reason} at byte {exc.start})",
            ),
            file=str(path),
            code="input.encoding",
        ) from None
    except LookupError:
        raise unknown_encoding(encoding, str(path)) from None
    except OSError as exc:
        raise cannot_read(exc, str(path)) from None


def refuse_if_too_large(path: Path) -> None:
    """Refuse a file larger than the limit ``file-mb`` before reading it (``OSError``, such as
    a missing file, is the caller's to report)."""
    size = path.stat().st_size
    allowed = limits.current().file_mb
    if size > allowed * 1024 * 1024:
        raise limits.exceeded(
            "file-mb",
            str(path),
            T(f"文件过大（{size / 1048576:.0f} MB）", f"the file is too large ({size / 1048576:.0f} MB)"),
        )


def unknown_encoding(encoding: str, source: str) -> InputError:
    """``--encoding`` names no encoding Python knows."""
    return InputError(
        T(f"未知的编码「{encoding}」", f"unknown encoding {encoding!r}"), file=source, code="input.encoding"
    )


def unusable_path(text: str, exc: Exception) -> InputError:
    """A path the operating system refuses to look at (too long, a NUL byte in it)."""
    shown = text if len(text) <= 80 else text[:77] + "…"
    why = os_reason(exc) if isinstance(exc, OSError) else T("路径中含有空字符", "the path holds a NUL character")
    return InputError(
        T(f"无法使用的文件路径：{why.zh}", f"not a usable file path: {why.en}"),
        file=shown.replace("\0", "\\0"),
        code="input.bad-path",
    )


def probe(path: Path) -> str | InputError:
    """What ``path`` is: "file", "folder", "missing", or the error for a path the operating
    system refuses to look at (``Path.exists`` raises for a name too long or a NUL byte)."""
    try:
        if path.is_dir():
            return "folder"
        return "file" if path.exists() else "missing"
    except (OSError, ValueError) as exc:
        return unusable_path(str(path), exc)


def cannot_read(exc: OSError, source: str) -> InputError:
    """The file is there but cannot be read (permissions, a device error)."""
    why = os_reason(exc)
    return InputError(
        T(f"无法读取文件：{why.zh}", f"cannot read the file: {why.en}"), file=source, code="input.unreadable"
    )


# No file ecorules reads nests anywhere near the limit `nesting` (200 levels); the json module
# recurses once per level and would hit Python's recursion limit (an internal error) long
# before the file's size says anything is wrong.

# A string (so brackets inside it do not count) or one bracket. A string left open runs to the
# end of the text: every match then consumes what it tried, which keeps the scan linear.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]')


# The same for TOML: a one-line string (basic or literal; one left open runs to the line's
# end), a comment, or one bracket. Brackets inside a multi-line string count, so only a
# string holding hundreds of unclosed ones is refused.
_TOML_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|\'[^\'\n]*\'?|#[^\n]*|[\[\]{}]')


def _too_deep(text: str, limit: int, tokens: re.Pattern[str] = _JSON_TOKEN) -> int | None:
    """The offset at which ``text`` opens more than ``limit`` nested arrays/objects, or None."""
    if text.count("[") + text.count("{") <= limit:
        return None  # cannot be that deep: the usual case costs two counts
    depth = 0
    for match in tokens.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return match.start()
        elif token in "]}":
            depth -= 1
    return None


def _too_deep_error(path: str | Path, line: int | None, column: int | None) -> InputError:
    depth = limits.current().nesting
    why = T(f"JSON 嵌套过深（超过 {depth} 层）", f"the JSON is nested too deeply (more than {depth} levels)")
    return limits.exceeded(
        "nesting", str(path), why, code="input.too-deep", line=line, column=None if column is None else str(column)
    )


# What the json module says of a syntax error (its message has no position), in Chinese.
_JSON_ERRORS_ZH = {
    "Expecting value": "此处应为一个值",
    "Expecting ',' delimiter": "此处应为逗号 ,",
    "Expecting ':' delimiter": "此处应为冒号 :",
    "Expecting property name enclosed in double quotes": "此处应为用双引号括起的键名",
    "Unterminated string starting at": "字符串缺少结尾的引号",
    "Invalid control character at": "字符串中有控制字符（如未转义的换行）",
    "Invalid \\escape": "无效的转义序列",
    "Invalid \\uXXXX escape": "无效的 \\uXXXX 转义",
    "Extra data": "JSON 值结束后还有多余内容",
    "Illegal trailing comma before end of object": "对象末尾多了逗号",
    "Illegal trailing comma before end of array": "数组末尾多了逗号",
}


# "\udc80" in a JSON string is valid JSON but no character: Python keeps it as a lone
# surrogate, which no file or terminal can hold. Such text is read as U+FFFD.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _without_lone_surrogates(data: object) -> object:
    if isinstance(data, str):
        return data.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(data, list):
        return [_without_lone_surrogates(v) for v in data]
    if isinstance(data, dict):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in data.items()}
    return data


def _json_int(text: str) -> int | Decimal:
    return int(text) if len(text) <= 4000 else Decimal(text)


def read_json(path: str | Path, encoding: str = "utf-8", *, missing_hint: Text | None = None) -> object:
    """A JSON file's data; invalid JSON is an :class:`~ecorules.model.errors.InputError` with its line
    and column, and so is JSON nested deeper than the limit ``nesting``."""
    text = read_text(path, encoding, missing_hint=missing_hint)
    at = _too_deep(text, limits.current().nesting)
    if at is not None:
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        raise _too_deep_error(path, line, column)
    try:
        # an integer too long for int() (Python refuses 4,300 digits and more) stays a Decimal:
        # the submission reader then refuses it as a value, with its location
        data = json.loads(text, parse_int=_json_int)
        return _without_lone_surrogates(data) if _SURROGATE_ESCAPE.search(text) else data
    except json.JSONDecodeError as exc:
        why = T(f"不是有效的 JSON：{_JSON_ERRORS_ZH.get(exc.msg, exc.msg)}", f"not valid JSON: {exc.msg}")
        problem = Problem(code="input.json-syntax", message=why, file=str(path), line=exc.lineno, column=str(exc.colno))
        raise InputError(problems=[problem]) from None
    except RecursionError:  # the scan above should make this unreachable
        raise _too_deep_error(path, None, None) from None


# --- TOML ------------------------------------------------------------------------------------------

# No ecorules file needs keys of more parts than the limit `key-parts` (32; rules[3].condition.
# conditions[0] is five); tomllib takes minutes over a dotted key of 50,000 parts.
_KEY_PART_DOTS = re.compile(r"^\s*\[{0,2}([^=\]\n]*)")


def parse_toml(text: str, problem_code: str, source: str) -> dict[str, Any]:
    """A TOML file's data (rule sets, waivers, settings). Text that is not valid TOML, nests
    arrays or tables deeper than the limit ``nesting``, or has keys of more parts than the limit
    ``key-parts`` is a :class:`TomlError` with one problem (``problem_code``)."""
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    in_force = limits.current()
    for number, line in enumerate(text.splitlines(), start=1):
        head = _KEY_PART_DOTS.match(line)
        if head and head.group(1).count(".") >= in_force.key_parts:
            why = T(
                f"不是有效的 ecorules 文件：键超过 {in_force.key_parts} 级",
                f"not a valid ecorules file: keys of more than {in_force.key_parts} parts",
            )
            raise TomlError(limits.exceeded("key-parts", source, why, code=problem_code, line=number).problems)
    at = _too_deep(text, in_force.nesting, _TOML_TOKEN)
    if at is not None:
        why = T(
            f"不是有效的 TOML：数组或表嵌套过深（超过 {in_force.nesting} 层）",
            f"not valid TOML: arrays or tables nested too deeply (more than {in_force.nesting} levels)",
        )
        line_at = text.count("\n", 0, at) + 1
        raise TomlError(limits.exceeded("nesting", source, why, code=problem_code, line=line_at).problems)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        why = T(f"不是有效的 TOML：{exc}", f"not valid TOML: {exc}")
    except RecursionError:  # tomllib recurses once per nested array or inline table
        why = T("不是有效的 TOML：数组或表嵌套过深", "not valid TOML: arrays or tables nested too deeply")
    except ValueError:  # an integer of thousands of digits, which Python will not convert
        huge = re.search(r"\d{4000,}", text)
        huge_at = text.count("\n", 0, huge.start()) + 1 if huge else None
        why = T(
            "不是有效的 ecorules 文件：数字位数过多", "not a valid ecorules file: a number with thousands of digits"
        )
        raise TomlError([Problem(code=problem_code, message=why, file=source, line=huge_at)]) from None
    raise TomlError([Problem(code=problem_code, message=why, file=source)])


class TomlError(ValueError):
    """A TOML file that cannot be parsed; ``problems`` says why (each caller raises its own error)."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0].message.en)
        self.problems = problems
