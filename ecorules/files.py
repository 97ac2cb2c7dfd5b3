"""Writing the files ecorules produces (reports, baselines, templates): whole or not at all.

A CI job that reads a half-written SARIF file, or a baseline cut short by a full disk,
fails in confusing ways; so every output goes to a temporary file in the same folder,
is flushed to disk and then renamed over the target in one step. The new file keeps
the permissions of the one it replaces (0644 for a new file), since these are shared
files, not secrets.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ecorules.errors import UsageError
from ecorules.text import T


def write_atomically(path: str | Path, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8, newlines as given).
    A file that cannot be written is a :class:`~ecorules.errors.UsageError` (exit 2)."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)  # mkstemp makes the file private
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        why = exc.strerror or str(exc)
        raise UsageError(T(f"无法写入文件：{why}", f"cannot write the file: {why}"), file=str(path)) from None
