"""Stable identities for findings: the same problem gets the same fingerprint from one check to the next.

Code scanning matches alerts across runs by fingerprint, and a baseline of known findings
keys on it too, so a fingerprint names *what* failed and *for whom*, never *where in the
file*. Editing a submission moves rows; the forest-cover finding that moved from row 29 to
row 31 is still the same finding. The recipe, version 1, hashes these fields::

    rule ID, file, sheet, district, indicator number, reporting year

- the rule ID, which never changes meaning once released (docs/ruleset-format.md);
- the file, as :func:`portable_path` writes it, so a check run on Windows and one run on
  Linux from the same folder agree; renaming or moving the file starts new fingerprints;
- the sheet of a workbook (empty for CSV and JSON): one indicator reported on two sheets is
  two findings;
- the district name and the reporting year: Yubei 2022 and Yubei 2023 failing the same rule
  are two problems, each fixed (or waived) on its own;
- the indicator number, so a report can group by it without parsing rule IDs;
- for a project table (no reporting year), what the finding is about: the project's number
  and name (``序号 34「污染地块风险管控项目」``), the group, or the whole table. Indicator
  findings have no subject, so their fingerprints are unchanged by it.

The fields are hashed as a JSON array, so no two combinations of values can run together
into the same text. A change to the recipe must change :data:`FINGERPRINT_KEY`, so stored
fingerprints are never compared with ones computed differently.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePath

from ecorules.model.findings import CheckResult, Finding

FINGERPRINT_KEY = "ecorules/v1"  # the recipe's name, as SARIF partialFingerprints keys it


def portable_path(path: str) -> str:
    """The path as a repository would name it: relative to the working directory when the file
    lies below it, with forward slashes and without ``./``; an absolute path elsewhere."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return candidate.as_posix()
    return PurePath(os.path.normpath(candidate)).as_posix()


def finding_fingerprint(result: CheckResult, finding: Finding) -> str:
    """The SHA-256 (hex) of the finding's identity; the row it sits in plays no part."""
    sheet = finding.location.sheet if finding.location is not None else None
    identity = [
        finding.rule_id,
        portable_path(result.source),
        sheet or "",
        result.district,
        finding.indicator.number,
        result.year,
    ]
    if finding.subject is not None:  # a project rule: which project (or group) is one identity
        identity.append(finding.subject.zh)
    text = json.dumps(identity, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
