"""How fast a check is: rule-set compilation, one submission, and a municipal batch.

Run:  python benchmarks/bench_check.py [--batch N]

Prints the median of repeated runs (wall clock, this machine). Numbers are
reported in docs/performance.md; nothing here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("ECORULES_DISABLE_PLUGIN_AUTOLOAD", "1")

from ecorules.adapters.csv import CsvAdapter
from ecorules.adapters.xlsx import XlsxAdapter
from ecorules.engine.python import PythonEngine
from ecorules.interfaces import ReadOptions
from ecorules.pipeline import Checker, CheckOptions
from ecorules.plugins import components

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "yubei" / "yubei-2023.csv"
WORKBOOK = EXAMPLE.with_name("yubei-2022-2023.xlsx")
LIBRARY = EXAMPLE.with_name("yubei-projects-near-term.csv")
LIBRARY_BOOK = EXAMPLE.with_name("yubei-projects.xlsx")


def large_library(folder: Path, copies: int) -> Path:
    """The near-term library with its project rows repeated: a city-wide table of projects."""
    lines = LIBRARY.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("序号,"))
    body = [line for line in lines[header + 1 :] if not line.startswith("合计")]
    path = folder / "large-library.csv"
    path.write_text("\n".join(lines[: header + 1] + body * copies) + "\n", encoding="utf-8")
    return path


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=200, help="submissions in the batch run (default 200)")
    parser.add_argument("--repeat", type=int, default=200, help="repetitions of the small measurements")
    args = parser.parse_args()

    start = time.perf_counter()
    rs = components().rulesets.get("cn-eco-county-2024").ruleset
    load_s = time.perf_counter() - start

    engine = PythonEngine()
    compile_s = median_seconds(lambda: engine.compile(rs), args.repeat)
    plan = engine.compile(rs)
    (sub,) = CsvAdapter().read(EXAMPLE, ReadOptions())
    read_s = median_seconds(lambda: CsvAdapter().read(EXAMPLE, ReadOptions()), args.repeat)
    # The two-year wide workbook: openpyxl dominates, so fewer repetitions are enough.
    xlsx_s = median_seconds(lambda: XlsxAdapter().read(WORKBOOK, ReadOptions()), max(5, args.repeat // 10))
    xlsx_check_s = median_seconds(lambda: Checker(CheckOptions()).check(WORKBOOK), max(5, args.repeat // 10))
    eval_s = median_seconds(lambda: engine.evaluate(plan, sub), args.repeat)  # binding included

    # A municipal reviewer's batch: N district files checked in one run (files on disk, end to end).
    with tempfile.TemporaryDirectory() as tmp:
        text = EXAMPLE.read_text(encoding="utf-8")
        paths = []
        for i in range(args.batch):
            p = Path(tmp) / f"district-{i:04d}.csv"
            p.write_text(text.replace("district.name,,渝北区", f"district.name,,区{i}"), encoding="utf-8")
            paths.append(p)
        checker = Checker(CheckOptions())
        start = time.perf_counter()
        for p in paths:
            checker.check(p)
        batch_s = time.perf_counter() - start

    # Project tables: the 64-row library, both annexes as a merged-cell workbook, and a large table.
    library_s = median_seconds(lambda: Checker(CheckOptions()).check(LIBRARY), max(5, args.repeat // 10))
    library_book_s = median_seconds(lambda: Checker(CheckOptions()).check(LIBRARY_BOOK), max(5, args.repeat // 10))
    with tempfile.TemporaryDirectory() as tmp:
        large = large_library(Path(tmp), 100)
        start = time.perf_counter()
        (large_result,) = Checker(CheckOptions()).check(large)
        large_s = time.perf_counter() - start
    large_rows = large_result.projects.records if large_result.projects else 0

    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    print(f"rule set cn-eco-county-2024: {len(rs.rules)} rules, {len(rs.indicators)} indicators")
    rows = [
        ("load and validate the shipped rule sets (once)", f"{load_s * 1000:.2f} ms"),
        ("compile the rule set into a plan", f"{compile_s * 1000:.3f} ms"),
        (f"read the example CSV ({len(sub.observations)} values)", f"{read_s * 1000:.3f} ms"),
        (f"bind + evaluate one submission ({len(rs.rules)} rules)", f"{eval_s * 1000:.3f} ms"),
        ("read the wide example workbook (2 years)", f"{xlsx_s * 1000:.2f} ms"),
        ("check the wide example workbook, end to end (2 results)", f"{xlsx_check_s * 1000:.2f} ms"),
        ("check the 64-project library CSV, end to end", f"{library_s * 1000:.2f} ms"),
        ("check both annexes as a merged-cell workbook (78 projects)", f"{library_book_s * 1000:.2f} ms"),
        (f"check a {large_rows}-project table, end to end", f"{large_s:.3f} s"),
        (
            f"batch of {args.batch} files, end to end",
            f"{batch_s:.3f} s ({batch_s / args.batch * 1000:.2f} ms per file)",
        ),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}} : {value}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
