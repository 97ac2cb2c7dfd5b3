"""Unusual input through the real entry point: each ends with a message naming the file and
exit 2, or with a check, never with an internal error (exit 3)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES


def ecorules(*args: str | Path, lang: str = "en") -> subprocess.CompletedProcess:
    env = {**os.environ, "ECORULES_LANG": lang, "ECORULES_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop("ECORULES_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "ecorules", *map(str, args)], capture_output=True, text=True, env=env)
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    return done


# --- JSON nested too deeply --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "column"),
    [("[" * 100_000, 201), ('{"a":' * 100_000 + "1" + "}" * 100_000, 1001), ("[" * 201 + "]" * 201, 201)],
    ids=["arrays", "objects", "just-over-the-limit"],
)
def test_deeply_nested_json_submission_is_refused(tmp_path, text, column):
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    done = ecorules("check", path)
    assert done.returncode == 2
    assert f"{path}: line 1, column {column}: the JSON is nested too deeply (more than 200 levels)" in done.stderr


def test_deeply_nested_json_message_in_chinese(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 1000, encoding="utf-8")
    done = ecorules("check", path, lang="zh")
    assert done.returncode == 2
    assert str(path) in done.stderr and "JSON 嵌套过深（超过 200 层）" in done.stderr


def test_brackets_inside_json_strings_do_not_count(tmp_path):
    data = json.loads((EXAMPLES / "yubei-2023.json").read_text(encoding="utf-8"))
    data["comment"] = '\\"' + "[{" * 500 + '"'  # an escaped quote must not end the string early
    path = tmp_path / "yubei-2023.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = ecorules("check", path)
    assert done.returncode == 1, done.stderr  # checked as the example is: three indicators not met
    assert "3 not met (4, 6, 8)" in done.stdout


def test_deeply_nested_baseline_is_refused(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text('{"findings":' + "[" * 100_000, encoding="utf-8")
    done = ecorules("check", EXAMPLES / "yubei-2023.csv", "--baseline", path)
    assert done.returncode == 2
    assert f"{path}: line 1, column 212: the JSON is nested too deeply" in done.stderr


def test_deeply_nested_toml_rule_set_is_refused(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("a = " + "[" * 100_000, encoding="utf-8")
    done = ecorules("check", EXAMPLES / "yubei-2023.csv", "--ruleset", path)
    assert done.returncode == 2
    assert f"{path}: not valid TOML: arrays or tables nested too deeply" in done.stderr
    lint = ecorules("lint-ruleset", path)
    assert lint.returncode == 1
    assert f"{path}: not valid TOML: arrays or tables nested too deeply" in lint.stdout


def test_deeply_nested_toml_waivers_are_refused(tmp_path):
    path = tmp_path / "waivers.toml"
    path.write_text("[[waiver]]\nrule = " + "{a = " * 100_000, encoding="utf-8")
    done = ecorules("check", EXAMPLES / "yubei-2023.csv", "--waivers", path)
    assert done.returncode == 2
    assert f"{path}: not valid TOML: arrays or tables nested too deeply" in done.stderr
