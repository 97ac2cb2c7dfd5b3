"""What files a check reads: paths as given, folders, glob patterns and a list on stdin.

A reviewer checks a province's folder of submissions, a CI job a glob, a script a list
of paths piped in; Windows shells do not expand ``*.csv``, so ecorules does. The order
is deterministic (as given, and sorted within a folder or a pattern), so reports and
``--jobs`` runs are reproducible.
"""

from __future__ import annotations

import fnmatch
import glob
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from ecorules.model.errors import InputError
from ecorules.model.files import probe
from ecorules.model.text import T

_GLOB_CHARS = set("*?[")


def expand_inputs(
    arguments: Iterable[str | Path],
    extensions: Iterable[str],
    *,
    pattern: str | None = None,
    stdin: TextIO | None = None,
) -> Iterator[Path | InputError]:
    """Every file to check, in order: a file as given; a folder's files whose extension an
    input format reads (recursively, sorted, matching ``pattern`` by name when given); a
    glob pattern's matches (sorted; ``**`` crosses folders); ``-`` for paths read from
    ``stdin``, one per line. A path that does not exist is passed on, so the check reports
    it with the others; a folder or pattern that matches nothing is yielded as an error
    naming it, reported like an unreadable file while the others are still checked."""
    known = {e.lower() for e in extensions}
    for argument in arguments:
        text = str(argument)
        if text == "-":
            lines = (line.strip() for line in (stdin if stdin is not None else _stdin_lines()))
            for line in lines:
                if not line:
                    continue
                listed = _listed_path(line)
                yield listed
                if isinstance(listed, InputError):
                    break  # the data of a file piped in by mistake: said once, not line by line
            continue
        path = Path(text)
        kind = probe(path)
        if isinstance(kind, InputError):
            yield kind
        elif kind == "folder":
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in known and (pattern is None or fnmatch.fnmatch(p.name, pattern))
            )
            if not found:
                shown = ", ".join(sorted(known))
                wanted = f"（{pattern}）" if pattern else ""
                yield InputError(
                    T(
                        f"目录中没有可检查的文件{wanted}（扩展名：{shown}）",
                        f"the folder holds no file to check{f' matching {pattern}' if pattern else ''} (extensions: {shown})",
                    ),
                    file=text,
                    code="input.no-files",
                )
            yield from found
        elif kind == "missing" and _GLOB_CHARS & set(text):
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True) if Path(m).is_file())
            if not matches:
                yield InputError(
                    T("没有与该模式匹配的文件", "no file matches this pattern"), file=text, code="input.no-files"
                )
            yield from matches
        else:
            yield path


def _stdin_lines() -> Iterator[str]:
    """Standard input's lines, read as UTF-8 whatever the locale says; bytes that are not
    UTF-8 (a workbook piped in by mistake) become U+FFFD, which no path holds."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream a program put in its place
        yield from sys.stdin
        return
    for raw in buffer:
        yield raw.decode("utf-8-sig", errors="replace")


def _listed_path(line: str) -> Path | InputError:
    """A path read from standard input (``-``); a line that cannot be one says what ``-`` is
    for: the data of a file piped in by mistake is not a list of paths."""
    binary = "\ufffd" in line or any(ord(c) < 32 for c in line)  # no path holds these
    kind = probe(Path(line)) if not binary else None
    if binary or isinstance(kind, InputError) or (kind == "missing" and ("," in line or "\t" in line)):
        return InputError(
            T(
                "「-」从标准输入读取要检查的文件路径（每行一个），而这一行不是路径；"
                "要检查一个文件，请直接给出文件名：ecorules check 文件.csv",
                "- reads the paths of the files to check from standard input, one per line, and this line "
                "is no path; to check a file, name it: ecorules check FILE.csv",
            ),
            file="-" if binary else (line[:60] + "…") if len(line) > 60 else line,
            code="input.bad-path",
        )
    return Path(line)


__all__ = ["expand_inputs"]
