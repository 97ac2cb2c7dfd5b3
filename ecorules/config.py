"""The project's settings for ``ecorules check``, set once in a file instead of on every call.

Where the file is found (the first one wins), starting in the working directory and going up
folder by folder to the root of the repository (the first folder holding ``.git``) or of the
file system:

1. ``ecorules.toml``, its settings at the top level;
2. ``.ecorules.toml``, the same;
3. ``pyproject.toml`` with a ``[tool.ecorules]`` table (one without it is passed over).

``check --config FILE`` names the file instead; ``--no-config`` (or ``ECORULES_NO_CONFIG=1``)
uses none. A flag given on the command line wins over the file, and the file over the
built-in default. ``ecorules config`` prints the settings in force and where each came from.

Every key mirrors a ``check`` option (``fail-on``, ``input-format`` …; ``fail_on`` is
accepted too); ``select``, ``ignore`` and ``[severity]`` choose the rules checked and their
severity (:mod:`ecorules.model.selection`). Paths are relative to the file's folder. The file
is validated as a rule set is: an unknown key or a wrong value is an error (exit 2) naming
the file, the key and its line, and every problem is listed at once.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from ecorules.model.errors import EcorulesError
from ecorules.model.files import TomlError, parse_toml, read_text
from ecorules.model.limits import LIMITS
from ecorules.model.problems import Problem
from ecorules.model.text import T
from ecorules.model.validation import describe_error

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FILE_NAMES = ("ecorules.toml", ".ecorules.toml", "pyproject.toml")
TABLE = ("tool", "ecorules")  # where pyproject.toml holds the settings


class ConfigError(EcorulesError):
    """The configuration file cannot be read or is not valid (exit 2)."""

    code = "config.invalid"

    def __init__(self, file: str, problems: list[Problem]):
        count = f"{len(problems)} problem{'' if len(problems) == 1 else 's'}"
        heading = T(f"配置文件无效（{len(problems)} 处问题）：", f"invalid configuration ({count}):")
        super().__init__(problems=problems, heading=heading, file=file)


@functools.cache
def settings_model() -> type[BaseModel]:
    """The model a configuration file is validated against, built when a file is first read,
    so that a run without one never builds it."""
    # The [limits] table: each limit by its name, a whole number within the limit's range.
    _LimitSettings: type[BaseModel] = create_model(  # type: ignore[call-overload]
        "_LimitSettings",
        __config__=ConfigDict(extra="forbid", strict=True, populate_by_name=True, frozen=True),
        **{
            name.replace("-", "_"): (int | None, Field(None, alias=name, ge=spec.minimum, le=spec.ceiling))
            for name, spec in LIMITS.items()
        },
    )

    class _Settings(BaseModel):
        """What a configuration file may say: each ``check`` option, and the rule selection."""

        model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, frozen=True)

        ruleset: str | None = None
        year: int | None = Field(None, ge=1990, le=2100)  # check only this reporting year
        format: str | None = None
        lang: Literal["zh", "en"] | None = None
        fail_on: Literal["error", "warning", "never"] | None = Field(None, alias="fail-on")
        input_format: str | None = Field(None, alias="input-format")
        encoding: str | None = None
        engine: str | None = None
        waivers: str | Literal[False] | None = None  # a path, or false for --no-waivers
        baseline: str | None = None
        pattern: str | None = None
        jobs: int | Literal["auto"] | None = None
        sarif_github: bool | None = Field(None, alias="sarif-github")
        expiry_warning: int | None = Field(None, alias="expiry-warning", ge=0)  # days
        select: list[str] | None = None
        ignore: list[str] | None = None
        severity: dict[str, Literal["error", "warning"]] | None = None
        limits: _LimitSettings | None = None  # type: ignore[valid-type]

        @field_validator("jobs")
        @classmethod
        def _positive(cls, value: int | str | None) -> int | str | None:
            if isinstance(value, int) and value < 1:
                raise ValueError("jobs must be a positive number or auto")
            return value

        @field_validator("select", "ignore")
        @classmethod
        def _not_empty(cls, value: list[str] | None) -> list[str] | None:
            if value is not None and any(not s.strip() for s in value):
                raise ValueError("a selector is a rule ID, a prefix such as EC24-17, or an indicator number, not empty")
            return value

    return _Settings


# Settings whose value is a path, read relative to the configuration file's folder.
PATH_SETTINGS = ("waivers", "baseline")


@dataclass
class Config:
    """The settings a file gives, each with where it was said (``file:line``)."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)  # setting (fail_on, ...) -> value
    origins: dict[str, str] = field(default_factory=dict)  # setting -> "ecorules.toml:3"

    def get(self, name: str) -> Any:
        return self.values.get(name)


def find_config(start: Path | None = None) -> Path | None:
    """The configuration file that applies in ``start`` (default: the working directory)."""
    folder = (start or Path.cwd()).resolve()
    for candidate_folder in [folder, *folder.parents]:
        for name in FILE_NAMES:
            candidate = candidate_folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_table(candidate)):
                return candidate
        if (candidate_folder / ".git").exists():
            return None  # the repository's root: a file above it belongs to something else
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # not ours to judge: a broken pyproject.toml without our table is skipped
    tool = data.get("tool")
    return isinstance(tool, dict) and "ecorules" in tool


def load_config(path: str | Path) -> Config:
    """Read and validate a configuration file; raise :class:`ConfigError` listing every problem."""
    path = Path(path)
    source = str(path)
    text = read_text(path)
    try:
        data = parse_toml(text, "config.toml-syntax", source)
    except TomlError as exc:
        raise ConfigError(source, exc.problems) from None
    table: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        table = TABLE
        data = data.get("tool", {}).get("ecorules", {}) if isinstance(data.get("tool"), dict) else {}
        if not isinstance(data, dict):
            why = T("[tool.ecorules] 应为表", "[tool.ecorules] must be a table")
            raise ConfigError(source, [Problem(code="config.invalid-value", message=why, file=source)])
    try:
        settings = settings_model().model_validate(data)
    except ValidationError as exc:
        problems = sorted((_problem(err, text, table, source) for err in exc.errors()), key=_by_line)
        raise ConfigError(source, problems) from None
    config = Config(path=path)
    fields = settings_model().model_fields
    for name in fields:
        value = getattr(settings, name)
        if value is None:
            continue
        if name in PATH_SETTINGS and isinstance(value, str):
            value = path.parent / value
        elif name == "limits":  # by the limit's name, only those the file sets, each with its line
            value = {k.replace("_", "-"): v for k, v in value.model_dump().items() if v is not None}
            for limit in value:
                line = key_line(text, (*table, "limits"), limit)
                config.origins[f"limits.{limit}"] = f"{source}:{line}" if line else source
        elif name == "ruleset" and value.lower().endswith(".toml"):  # a file, not an installed ID
            value = str(path.parent / value)
        config.values[name] = value
        key = fields[name].alias or name
        line = key_line(text, table, key) or key_line(text, table, name) or table_line(text, (*table, key))
        config.origins[name] = f"{source}:{line}" if line else source
    return config


def load_applying_config(explicit: str | Path | None = None, *, use: bool = True) -> Config:
    """The configuration in force: ``explicit`` (``--config``), else the file found from the
    working directory, else none (``use=False``, ``--no-config`` or ``ECORULES_NO_CONFIG=1``)."""
    if explicit is not None:
        return load_config(explicit)
    if not use or os.environ.get("ECORULES_NO_CONFIG", "").strip() not in ("", "0"):
        return Config()
    found = find_config()
    return load_config(found) if found is not None else Config()


def _by_line(p: Problem) -> int:
    return p.line if p.line is not None else 1 << 30


def _problem(err: Any, text: str, table: tuple[str, ...], source: str) -> Problem:
    loc = [str(p) for p in err["loc"]]
    code = {"extra_forbidden": "config.unknown-key"}.get(err["type"], "config.invalid-value")
    hint = None
    if err["type"] == "extra_forbidden":
        if loc[0] == "limits" and len(loc) > 1:
            known = ", ".join(LIMITS)
        else:
            known = ", ".join(sorted(f.alias or name for name, f in settings_model().model_fields.items()))
        hint = T(f"未知的键（可用：{known}）", f"unknown key (known: {known})")
    where = [*table, *loc[:-1]] if len(loc) > 1 else list(table)
    line = key_line(text, tuple(where), loc[-1]) if loc else None
    if line is None and len(loc) > 1:  # an inline table: the line of its key
        line = key_line(text, table, loc[0])
    key = ".".join([*table, *loc]) if table else ".".join(loc)
    return Problem(code=code, message=describe_error(err, unknown_key_hint=hint), file=source, key=key, line=line)


_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")


def key_line(text: str, table: tuple[str, ...], key: str) -> int | None:
    """The line where ``key`` is set in ``[table]`` (the top level for ``()``), if it can be found."""
    current: tuple[str, ...] = ()
    wanted = re.compile(rf'^\s*(?:"{re.escape(key)}"|\'{re.escape(key)}\'|{re.escape(key)})\s*=')
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            current = tuple(part.strip().strip("\"'") for part in header.group(1).split("."))
            continue
        if current == table and wanted.match(line):
            return number
    return None


def table_line(text: str, table: tuple[str, ...]) -> int | None:
    """The line of the ``[table]`` header, if the file has one."""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header and tuple(part.strip().strip("\"'") for part in header.group(1).split(".")) == table:
            return number
    return None


__all__ = ["FILE_NAMES", "Config", "ConfigError", "find_config", "load_applying_config", "load_config"]
