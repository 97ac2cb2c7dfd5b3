"""Fuzzing: broken and hostile inputs through the real ``check`` and ``lint-ruleset`` commands.

The promise under test: whatever the input, the command ends with exit 0, 1 or 2 and a
message, never a traceback (exit 3), never past a time limit, and never changes the file
it read. Inputs are the shipped examples and rule sets, mutated with a fixed seed by
structure-aware mutators (cells, rows, headers, values, keys, bytes) for every format:
CSV, xlsx, JSON submissions, project tables, rule sets, waivers, baselines and settings.

The normal run tries ``ECORULES_FUZZ_CASES`` cases per format (default 40, a few seconds);
``tox -e fuzz`` runs the large profile (100,000 cases in all) and prints the counts.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ecorules.cli import app
from ecorules.model.values import Value, parse_value

CASES = int(os.environ.get("ECORULES_FUZZ_CASES", "40"))
SEED = int(os.environ.get("ECORULES_FUZZ_SEED", "20241129"))
TIME_LIMIT = 20.0  # seconds per case

HOSTILE_VALUES = [
    "",
    " ",
    "-",
    "1e999999999",
    "-1e-999999",
    "9" * 5000,
    "NaN",
    "inf",
    "0x1F",
    "１２３．４％",
    "≥≥25",
    "<=",
    "保持稳定(1e400)",
    "未考核(",
    '=HYPERLINK("http://x")',
    "@SUM(A1)",
    "\x1b]0;t\x07\x1b[31m",
    "\x00\x01\x02",
    "\u202e\u2066",
    "\ufffd",  # (a lone surrogate cannot be written as UTF-8 text: test_input_edge_cases has one in JSON)
    "a" * 100_000,
    "2023年至2021年",
    "十四五",
    "99999-99999",
    "[click](http://evil) @everyone",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"unbalanced',
    "line\nbreak",
    "0.879",
    "-0",
    "1,234,567.89%",
]


def outcome(args: list[str]) -> tuple[int, float, str]:
    """Run the CLI in-process; an exception escaping it is exit 3 (the real CLI's internal error)."""
    started = time.perf_counter()
    result = CliRunner().invoke(app, args)
    elapsed = time.perf_counter() - started
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"internal error for {args}: {type(result.exception).__name__}: {result.exception}")
    return result.exit_code, elapsed, result.output


def checked_unchanged(path: Path, args: list[str]) -> int:
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    code, elapsed, said = outcome(args)
    assert code in (0, 1, 2), (args, code)
    assert elapsed < TIME_LIMIT, (args, elapsed)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before, f"{path} was changed"
    assert "\x1b" not in said and "\x07" not in said, f"a control sequence reached the terminal: {args}"
    assert_safe_outputs(path, args)
    return code


def assert_safe_outputs(source: Path, args: list[str]) -> None:
    """Nothing from the input executes in what was written: no markup in HTML, no control
    sequence in text, no formula in a workbook made from CSV or JSON."""
    if "-o" not in args:
        return
    written = Path(args[args.index("-o") + 1])
    if not written.exists():
        return  # nothing readable to report on
    if written.suffix == ".xlsx":
        import openpyxl

        if source.suffix == ".xlsx":
            return  # the annotated copy keeps the original's own formulas
        book = openpyxl.load_workbook(written)
        formulas = [c.coordinate for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
        assert not formulas, f"formulas {formulas[:5]} in {written} from {args}"
        return
    text = written.read_text(encoding="utf-8", errors="replace")
    assert "\x1b" not in text, f"a control sequence in {written} from {args}"
    if written.suffix == ".html":
        assert "<script>alert" not in text and "<img src=x" not in text, f"markup passed into {written} from {args}"


def with_format(rng: random.Random, folder: Path, args: list[str]) -> list[str]:
    """``args`` with an output format; the file formats (html, xlsx) write to the folder."""
    chosen = rng.choice(FORMATS)
    args = [*args, "--format", chosen]
    if chosen in ("html", "xlsx") or rng.random() < 0.2:
        args += ["-o", str(folder / f"out.{ {'text': 'txt', 'markdown': 'md'}.get(chosen, chosen) }")]
    return args


# --- mutators -----------------------------------------------------------------------------------------


def mutate_text(rng: random.Random, text: str) -> str:
    """One edit of a text file: a value, a line, a header, a byte, the end."""
    lines = text.split("\n")
    choice = rng.randrange(8)
    i = rng.randrange(len(lines))
    if choice == 0:  # a cell (or a token) replaced by something hostile
        parts = lines[i].split(",")
        parts[rng.randrange(len(parts))] = rng.choice(HOSTILE_VALUES).replace("\n", " ")
        lines[i] = ",".join(parts)
    elif choice == 1:
        del lines[i]
    elif choice == 2:
        lines.insert(i, lines[rng.randrange(len(lines))])
    elif choice == 3:
        lines[0] = rng.choice(["key,value", "键,数值,年份", "key,year,value,value", "", lines[0][::-1], "a" * 300])
    elif choice == 4:  # a character flipped
        if lines[i]:
            j = rng.randrange(len(lines[i]))
            lines[i] = lines[i][:j] + chr(rng.randrange(1, 0x3000)) + lines[i][j + 1 :]
    elif choice == 5:
        return text[: rng.randrange(len(text) + 1)]
    elif choice == 6:  # a JSON / TOML value replaced by another type
        lines[i] = lines[i].replace(":", ": [[[[[[", 1) if rng.random() < 0.5 else lines[i] + " = {"
    else:
        lines[i] = lines[i] * rng.randint(2, 50)
    return "\n".join(lines)


def mutate_json(rng: random.Random, data: object) -> object:
    """A structure-aware edit of JSON data: a value swapped for a hostile one or another type."""
    if isinstance(data, dict) and data:
        key = rng.choice(list(data))
        if rng.random() < 0.3:
            data = dict(data)
            del data[key]
            return data
        return {**data, key: mutate_json(rng, data[key])}
    if isinstance(data, list) and data:
        i = rng.randrange(len(data))
        return [*data[:i], mutate_json(rng, data[i]), *data[i + 1 :]]
    return rng.choice([None, True, 1e308, -(10**30), "", [], {}, [[[]]], rng.choice(HOSTILE_VALUES), 10**400])


def mutate_workbook(rng: random.Random, raw: bytes) -> bytes:
    """A workbook with one part edited: a sheet's XML cut or garbled, a value replaced, a byte flipped."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    parts = {name: source.read(name) for name in source.namelist()}
    name = rng.choice([n for n in parts if n.endswith(".xml")])
    data = parts[name]
    choice = rng.randrange(4)
    if choice == 0:
        data = data[: rng.randrange(len(data) + 1)]
    elif choice == 1:
        values = [b"<v>1e999999999</v>", b"<v>NaN</v>", b'<c r="XFD1048576"><v>1</v></c>', b"<x/>", b"&#0;"]
        at = rng.randrange(len(data) + 1)
        data = data[:at] + rng.choice(values) + data[at:]
    elif choice == 2:
        data = data.replace(b'r="', b'r="Z', 1)
    else:
        buffer = bytearray(data)
        if buffer:
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
        data = bytes(buffer)
    parts[name] = data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, d in parts.items():
            archive.writestr(n, d)
    return out.getvalue()


# --- the cases ----------------------------------------------------------------------------------------

SUBMISSIONS = [
    EXAMPLES / "yubei-2023.csv",
    EXAMPLES / "yubei-2022-2023-gb18030.csv",
    EXAMPLES / "yubei-projects-near-term.csv",
    ROOT / "examples" / "construction" / "construction-sites.csv",
]
RULESET = ROOT / "rulesets" / "cn-eco-county-2024.toml"
PROJECT_RULESET = ROOT / "rulesets" / "cq-yubei-key-projects-2023.toml"
# a third party's pack, with the statuses only plugins give (progress toward planned targets)
PLAN_RULESET = ROOT / "plugins" / "ecorules-yubei" / "src" / "ecorules_yubei" / "cq-yubei-plan-targets.toml"

WAIVERS = """[[waiver]]
rule = "EC24-06.5"
district = "渝北区"
year = 2023
file = "*.csv"
reason = "监测点位调整中"
expires = 2030-12-31
approved_by = "区生态环境局 张三"
"""

SETTINGS = (
    'format = "json"\nfail-on = "warning"\nselect = ["EC24"]\nignore = ["4"]\n\n[severity]\n"EC24-R1" = "error"\n'
)


def run_cases(kind: str, count: int, tmp_path: Path, make: Callable[[random.Random, Path], list[str]]) -> Counter:
    rng = random.Random(f"{SEED}-{kind}")
    codes: Counter = Counter()
    for case in range(count):
        folder = tmp_path / f"{kind}-{case % 8}"
        folder.mkdir(exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        args = make(rng, folder)
        target = Path(args[args.index("--ruleset") + 1]) if "--ruleset" in args else Path(args[1])
        codes[checked_unchanged(target, args)] += 1
    return codes


def csv_case(rng: random.Random, folder: Path) -> list[str]:
    source = rng.choice(SUBMISSIONS)
    data = source.read_bytes()
    encoding = "gb18030" if "gb18030" in source.name else "utf-8"
    text = data.decode(encoding)
    for _ in range(rng.randint(1, 4)):
        text = mutate_text(rng, text)
    path = folder / source.name
    path.write_bytes(text.encode(encoding, errors="replace"))
    return with_format(rng, folder, ["check", str(path), "--lang", rng.choice(["zh", "en"]), "--no-config"])


def json_case(rng: random.Random, folder: Path) -> list[str]:
    data = json.loads((EXAMPLES / "yubei-2023.json").read_text(encoding="utf-8"))
    for _ in range(rng.randint(1, 4)):
        data = mutate_json(rng, data)
    path = folder / "submission.json"
    text = json.dumps(data, ensure_ascii=False)
    if rng.random() < 0.2:
        text = mutate_text(rng, text)
    path.write_text(text, encoding="utf-8")
    return with_format(rng, folder, ["check", str(path), "--no-config"])


def xlsx_case(rng: random.Random, folder: Path) -> list[str]:
    source = rng.choice([EXAMPLES / "yubei-2022-2023.xlsx", EXAMPLES / "yubei-projects.xlsx"])
    path = folder / source.name
    path.write_bytes(mutate_workbook(rng, source.read_bytes()))
    return with_format(rng, folder, ["check", str(path), "--no-config"])


def ruleset_case(rng: random.Random, folder: Path, source: Path = RULESET) -> list[str]:
    text = source.read_text(encoding="utf-8")
    for _ in range(rng.randint(1, 3)):
        text = mutate_text(rng, text)
    path = folder / source.name
    path.write_text(text, encoding="utf-8", errors="replace")
    if rng.random() < 0.4:
        return ["lint-ruleset", str(path)]
    if rng.random() < 0.2 and source == RULESET:  # a fill-in template of a hostile rule set
        return ["template", "--ruleset", str(path), "--year", "2023", "-o", str(folder / "out.xlsx")]
    submission = folder / "submission.csv"
    submission.write_bytes(SUBMISSIONS[2 if source == PROJECT_RULESET else 0].read_bytes())
    return with_format(rng, folder, ["check", str(submission), "--no-config", "--ruleset", str(path)])


def gate_case(rng: random.Random, folder: Path) -> list[str]:
    submission = folder / "yubei-2023.csv"
    submission.write_bytes(SUBMISSIONS[0].read_bytes())
    which = rng.randrange(3)
    if which == 0:
        waivers = folder / "waivers.toml"
        waivers.write_text(mutate_text(rng, WAIVERS), encoding="utf-8", errors="replace")
        return ["check", str(submission), "--waivers", str(waivers), "--no-config"]
    if which == 1:
        baseline = folder / "baseline.json"
        CliRunner().invoke(app, ["check", str(submission), "--no-config", "--write-baseline", str(baseline)])
        data = mutate_json(rng, json.loads(baseline.read_text(encoding="utf-8")))
        baseline.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return ["check", str(submission), "--baseline", str(baseline), "--no-config"]
    settings_file = folder / "ecorules.toml"
    settings_file.write_text(mutate_text(rng, SETTINGS), encoding="utf-8", errors="replace")
    return ["check", str(submission), "--config", str(settings_file)]


FORMATS = ["text", "json", "sarif", "junit", "github", "markdown", "html", "xlsx"]
KINDS: dict[str, tuple[Callable[[random.Random, Path], list[str]], int]] = {
    "csv": (csv_case, 3),
    "json": (json_case, 2),
    "xlsx": (xlsx_case, 1),
    "ruleset": (ruleset_case, 1),
    "project-ruleset": (lambda rng, folder: ruleset_case(rng, folder, PROJECT_RULESET), 1),
    "plan-ruleset": (lambda rng, folder: ruleset_case(rng, folder, PLAN_RULESET), 1),
    "gate": (gate_case, 1),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_mutated_inputs_end_with_0_1_or_2_in_time_and_are_left_unchanged(kind, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ECORULES_NO_CONFIG", "1")
    make, weight = KINDS[kind]
    codes = run_cases(kind, CASES * weight, tmp_path, make)
    print(f"fuzz {kind}: {sum(codes.values())} cases, exit codes {dict(sorted(codes.items()))}")
    assert sum(codes.values()) == CASES * weight


# --- properties ---------------------------------------------------------------------------------------


@settings(max_examples=int(os.environ.get("ECORULES_FUZZ_EXAMPLES", "300")), deadline=None)
@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.none(), st.booleans()))
def test_any_cell_reads_into_a_value_quickly(raw):
    started = time.perf_counter()
    value = parse_value(raw)
    assert isinstance(value, Value)
    assert time.perf_counter() - started < 1.0
    if value.number is not None:
        assert value.number.is_finite()


@settings(max_examples=int(os.environ.get("ECORULES_FUZZ_EXAMPLES", "300")), deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab/.*?")), max_size=12), st.text(alphabet="ab/.", max_size=40))
def test_any_waiver_glob_answers_quickly(pattern, name):
    from ecorules.gate.waivers import glob_match

    started = time.perf_counter()
    glob_match(pattern, name)
    assert time.perf_counter() - started < 1.0
