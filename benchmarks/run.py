"""The benchmark suite in one command: start-up, one workbook, batches, engines, project tables.

Run from a checkout where ecorules is installed (``pip install -e .``)::

    python benchmarks/run.py                  # the full suite (under 10 minutes on 2 cores)
    python benchmarks/run.py --quick          # batches of 200 and 1,000, fewer repeats (2 minutes)
    python benchmarks/run.py --sizes 1000,10000 --out results.json

Everything it checks is generated with a fixed seed into a temporary folder, which is
removed afterwards. The command line is timed as a user runs it (a subprocess, wall
clock); the engines in-process, against a plain-Python evaluator of the same rules
written below (the floor). Machines that run this are shared and noisy, so each figure
is the median of repeated runs with its spread (min–max), the commands being compared
are run interleaved, and what is compared is a ratio measured within the same run:
ratios carry from one machine to another, absolute times do not.

Peak RSS is the child's own ``ru_maxrss`` (``os.wait4``), per run; with worker processes
it is the largest single process. A batch whose memory, projected from the batch a tenth
its size, would not fit in 80 % of the memory available is skipped and said so. The targets at the end are the project's performance
goals; a target that is not met is reported, not an error. The exit code is 1 only when
the floor disagrees with the python engine or a command fails.
"""

from __future__ import annotations

import argparse
import calendar
import gc
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "yubei"
WORKBOOK = EXAMPLES / "yubei-2022-2023.xlsx"
LIBRARY = EXAMPLES / "yubei-projects-near-term.csv"
RULESET_ID = "cn-eco-county-2024"
RULESET_FILE = REPO / "rulesets" / f"{RULESET_ID}.toml"
SEED = 20240501

FULL_SIZES = (1_000, 10_000)
QUICK_SIZES = (200, 1_000)
PROJECT_ROWS = (1_600, 6_400, 25_600)
ENGINE_SUBMISSIONS = 1_000

PARSE_XLSX = """\
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True):
        pass
wb.close()
"""


# --- the machine and the report ------------------------------------------------------------------


def machine() -> dict[str, Any]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "load_average_at_start": [round(x, 2) for x in load] if load else None,
    }


@dataclass
class Series:
    """Repeated measurements of one thing: wall seconds and, for subprocesses, peak RSS."""

    seconds: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def rss_mb(self) -> float | None:
        return statistics.median(self.rss_kb) / 1024 if self.rss_kb else None

    def spread(self) -> dict[str, Any]:
        out: dict[str, Any] = {"n": len(self.seconds), "min_s": min(self.seconds), "max_s": max(self.seconds)}
        if self.rss_kb:
            out["rss_min_mb"] = min(self.rss_kb) / 1024
            out["rss_max_mb"] = max(self.rss_kb) / 1024
        return out


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.2f} s"


def secs(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.2f} s"


def median_of(n: int, what: str = "runs") -> str:
    return f"median of {n} interleaved {what}" if n > 1 else "1 run each"


def spread_text(s: Series, fmt: Callable[[float], str] = ms) -> str:
    if len(s.seconds) == 1:
        return "(1 run)"
    return f"[{fmt(min(s.seconds))} – {fmt(max(s.seconds))}, n={len(s.seconds)}]"


class Report:
    """The printed table and the JSON written with --out, built together."""

    def __init__(self, info: dict[str, Any]):
        self.info = info
        self.lines: list[str] = []
        self.measurements: list[dict[str, Any]] = []
        self.ratios: list[dict[str, Any]] = []
        self.targets: list[dict[str, Any]] = []
        self.notes: list[str] = []

    def say(self, line: str = "") -> None:
        print(line, flush=True)
        self.lines.append(line)

    def section(self, title: str) -> None:
        self.say()
        self.say(f"== {title} ==")

    def row(self, label: str, value: str, spread: str = "", note: str = "") -> None:
        text = f"  {label:<52} {value:>14}  {spread}"
        if note:
            text += f"  {note}"
        self.say(text.rstrip())

    def measure(self, section: str, name: str, s: Series, **extra: Any) -> None:
        entry = {"section": section, "name": name, "median_s": s.median, **s.spread(), **extra}
        if s.rss_kb:
            entry["peak_rss_mb"] = s.rss_mb
        entry["machine"] = self.info["machine"]
        self.measurements.append(entry)

    def ratio(self, section: str, name: str, value: float | None, paired: Sequence[float] = (), **extra: Any) -> str:
        entry: dict[str, Any] = {"section": section, "name": name, "value": value, **extra}
        if len(paired) > 1:
            entry["paired_min"], entry["paired_max"] = min(paired), max(paired)
        entry["machine"] = self.info["machine"]
        self.ratios.append(entry)
        if len(paired) > 1:
            return f"[paired runs {min(paired):.2f}× – {max(paired):.2f}×]"
        return ""

    def target(self, name: str, met: bool | None, measured: str, note: str = "") -> None:
        self.targets.append({"target": name, "met": met, "measured": measured, "note": note})

    def dump(self, path: Path) -> None:
        data = {
            **self.info,
            "measurements": self.measurements,
            "ratios": self.ratios,
            "targets": self.targets,
            "notes": self.notes,
            "table": self.lines,
        }
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# --- running commands ------------------------------------------------------------------------------


def cli_command() -> list[str]:
    """The ``ecorules`` script of the interpreter running this file, else the one on PATH,
    else ``python -m ecorules``."""
    folder = Path(sys.executable).parent
    for name in ("ecorules", "ecorules.exe"):
        if (folder / name).exists():
            return [str(folder / name)]
    found = shutil.which("ecorules")
    return [found] if found else [sys.executable, "-m", "ecorules"]


class CommandFailed(RuntimeError):
    pass


def run_child(cmd: Sequence[str], cwd: Path | None = None, ok: Sequence[int] = (0,)) -> tuple[float, int | None]:
    """Wall seconds and peak RSS (KiB) of one run of a command. The RSS is this child's own
    (os.wait4), not RUSAGE_CHILDREN's maximum over every child reaped so far."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        rss: int | None = None
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            # KiB on Linux, bytes on macOS
            rss = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
        else:  # pragma: no cover - Windows: no per-child RSS
            proc.wait()
            seconds = time.perf_counter() - start
        if proc.returncode not in ok:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            shown = " ".join(cmd[:6]) + (" …" if len(cmd) > 6 else "")
            raise CommandFailed(f"{shown} exited {proc.returncode}:\n{tail}")
    return seconds, rss


def interleaved(
    commands: dict[str, tuple[Sequence[str], Sequence[int]]], repeat: int, cwd: Path | None = None, warmup: int = 1
) -> dict[str, Series]:
    """Run each command ``repeat`` times, round-robin, after ``warmup`` unmeasured rounds:
    drift in the machine's load then falls on all of them alike."""
    out = {name: Series() for name in commands}
    for round_ in range(warmup + repeat):
        for name, (cmd, ok) in commands.items():
            seconds, rss = run_child(cmd, cwd, ok)
            if round_ >= warmup:
                out[name].seconds.append(seconds)
                if rss is not None:
                    out[name].rss_kb.append(rss)
    return out


def paired(a: Series, b: Series) -> list[float]:
    return [x / y for x, y in zip(a.seconds, b.seconds, strict=False) if y > 0]


# --- synthetic submissions ---------------------------------------------------------------------------
#
# Long-layout CSV (key,year,value,unit,target,target_period,note) with every item of the
# cn-eco-county-2024 rule set, as examples/yubei/yubei-2023.csv has them: a district, a
# reporting year 2022–2024 with its baseline year, values around each threshold so that
# some rules fail, the earlier years trends need, targets (some per five-year plan, some
# not assigned), 不涉及 where a sub-item applies only where relevant, and now and then a
# bound (≥25), a stated trend (持续提高) or an empty cell.

P_FAIL = 0.06  # chance that a generated value misses its threshold
P_EMPTY = 0.003  # chance that a value cell is left empty (missing data)
REGION_CLASSES = ("central_west_city_district", "east", "central_west_other", "northeast")

Row = tuple[str, int, str, str, str]  # key, year, value, target, target_period


class Gen:
    """Rows for one submission."""

    def __init__(self, rng: random.Random, year: int, baseline: int):
        self.rng, self.year, self.baseline = rng, year, baseline
        self.rows: list[Row] = []

    def fail(self) -> bool:
        return self.rng.random() < P_FAIL

    def add(self, key: str, value: str, target: str = "", period: str = "", year: int | None = None) -> None:
        if year is None and self.rng.random() < P_EMPTY:
            value = ""
        self.rows.append((key, self.year if year is None else year, value, target, period))

    def ge(self, key: str, t: float, spread: float, decimals: int = 1, bound: bool = False) -> None:
        """A value for ``≥ t``: on or above it, or (failing) below it."""
        r = self.rng
        if bound and r.random() < 0.1:  # only a bound is known: ≥(t + x) is met, ≥(t − x) undecided
            x = t + spread * (r.uniform(-0.5, -0.1) if self.fail() else r.uniform(0.1, 0.5))
            self.add(key, f"≥{x:.{decimals}f}")
            return
        if self.fail():
            value = t - r.uniform(0.05, 1.0) * spread
        else:
            value = t if r.random() < 0.1 else t + r.uniform(0, 1.0) * spread
        self.add(key, f"{value:.{decimals}f}")

    def rate100(self, key: str) -> None:
        self.add(key, f"{self.rng.uniform(90, 99.9):.1f}" if self.fail() else "100")

    def word(self, key: str, accepted: str, failing: str | None = None) -> None:
        if self.fail():
            self.add(key, failing or f"未{accepted}")
        else:
            self.add(key, accepted if self.rng.random() < 0.8 else f"已{accepted}")

    def target(self, key: str, lo: float, hi: float, decimals: int = 1, not_assigned: float = 0.0) -> None:
        """``higher`` is better: a target, and a value on or above it (or, failing, below)."""
        r = self.rng
        t = r.uniform(lo, hi)
        if r.random() < not_assigned:
            self.add(key, f"{t * r.uniform(0.8, 1.3):.{decimals}f}", "未下达")
            return
        value = t * r.uniform(0.7, 0.98) if self.fail() else t * r.uniform(1.0, 1.6)
        self.add(key, f"{value:.{decimals}f}", f"{t:.{decimals}f}")

    def pro_rata(self, key: str, lo: int, hi: int, period: str, not_assigned: float = 0.0) -> None:
        """A cumulative five-year target (whole percent), judged by time-proportional progress."""
        r = self.rng
        full = r.randint(lo, hi)
        if r.random() < not_assigned:
            self.add(key, "未考核" if r.random() < 0.5 else f"{r.uniform(1, hi):.1f}", "十四五期间，未逐年下达")
            return
        first, last = (2021, 2025) if period in ("十四五", "2021-2025") else (self.year, self.year)
        needed = full * (self.year - first + 1) / (last - first + 1) if first <= self.year < last else full
        value = needed * r.uniform(0.6, 0.97) if self.fail() else needed * r.uniform(1.0, 1.5)
        if not self.fail() and r.random() < 0.05:
            value = needed  # exactly on the required progress
        self.add(key, f"{value:.2f}", str(full), period)

    def trend(self, key: str, lo: float, hi: float, higher: bool, ref_year: int, *, stable_ok: bool) -> None:
        """This year's value and the reference year's: better (or, for 保持稳定, equal) or worse."""
        r = self.rng
        ref = r.uniform(lo, hi)
        step = (hi - lo) * r.uniform(0.01, 0.1) * (1 if higher else -1)
        if self.fail():
            now = ref - step
        elif stable_ok and r.random() < 0.15:
            now = ref
        else:
            now = ref + step
        self.add(key, f"{now:.2f}")
        if r.random() < 0.97:  # now and then the reference year is missing: the trend is undecided
            self.add(key, f"{ref:.2f}", year=ref_year)


def submission_rows(rng: random.Random, index: int) -> tuple[dict[str, str], list[Row]]:
    year = rng.choice((2022, 2023, 2024))
    baseline = year - 2
    prev = year - 1
    g = Gen(rng, year, baseline)
    r = rng
    meta = {
        "district.name": f"测试区{index:05d}",
        "district.code": str(500100 + index % 900),
        "district.region_class": r.choice(REGION_CLASSES),
        "submission.year": str(year),
        "submission.baseline_year": str(baseline),
        "submission.ruleset": RULESET_ID,
    }
    g.ge("eco_performance_share", 20, 10, bound=True)
    g.word("eco_damage_accountability", "建立")
    g.word("natural_resource_audit", "开展")
    # good days, their assigned target and last year's (the ratio and its trend are derived)
    days_in_year = 366 if calendar.isleap(year) else 365
    target_days = r.randint(290, 335)
    days = r.randint(target_days - 15, target_days - 1) if g.fail() else r.randint(target_days, days_in_year - 20)
    g.add("good_air_days", str(days), str(target_days))
    g.add("good_air_days", str(days + r.randint(-12, 12)), year=prev)
    # PM2.5: lower is better, against a target and last year
    pm_target = r.uniform(25, 40)
    pm = pm_target * (r.uniform(1.02, 1.2) if g.fail() else r.uniform(0.75, 1.0))
    g.add("pm25", f"{pm:.1f}", f"{pm_target:.1f}")
    g.add("pm25", f"{pm + r.uniform(-3, 3):.1f}", year=prev)
    # surface water: against its target, stable or better than the baseline year (100 is the best)
    sw = 100.0 if r.random() < 0.5 else r.uniform(80, 99.9)
    sw_target = sw + r.uniform(0.5, 5) if g.fail() else sw - r.uniform(0, 5)
    g.add("surface_water_class3_share", f"{sw:.1f}", f"{min(sw_target, 100):.1f}")
    g.add("surface_water_class3_share", f"{sw - r.uniform(-2, 3):.1f}", year=baseline)
    if r.random() < 0.85:
        g.add("groundwater_class5_share", "不涉及")
    else:
        gw_target = r.uniform(15, 35)
        gw = gw_target * (r.uniform(1.02, 1.2) if g.fail() else r.uniform(0.7, 1.0))
        g.add("groundwater_class5_share", f"{gw:.1f}", f"{gw_target:.1f}")
        g.add("groundwater_class5_share", f"{gw + r.uniform(-2, 2):.1f}", year=prev)
    g.rate100("drinking_water_source_share")
    if r.random() < 0.9:
        g.add("coastal_water_good_share", "不涉及")
    else:
        g.target("coastal_water_good_share", 70, 95)
    g.ge("urban_sewage_collection_rate", 70, 20)
    g.rate100("urban_black_odorous_elimination")
    roll = r.random()
    if roll < 0.3:
        g.add("rural_black_odorous_remediation", "无黑臭水体")
    elif roll < 0.35:
        g.add("rural_black_odorous_remediation", "不涉及")
    else:
        g.rate100("rural_black_odorous_remediation")
    g.ge("urban_waste_recycling_rate", 35, 15)
    g.ge("noise_night_compliance", 85, 12)
    if r.random() < 0.3:
        g.add("eqi_change", ">-1")
    else:
        g.add("eqi_change", f"{r.uniform(-1.6, -1.0) if g.fail() else r.uniform(-0.99, 1.0):.2f}")
    g.word("redline_status", "生态功能不降低、性质不改变", "生态功能降低")
    g.rate100("redline_issue_rectification_rate")
    g.word("biodiversity_survey", "开展")
    g.trend("forest_cover", 25, 65, True, baseline, stable_ok=True)
    if r.random() < 0.8:
        g.add("grassland_vegetation_cover", "不涉及")
    else:
        g.trend("grassland_vegetation_cover", 40, 90, True, baseline, stable_ok=True)
    if r.random() < 0.85:
        g.add("natural_shoreline_retention", "不涉及")
    else:
        g.target("natural_shoreline_retention", 30, 80)
    if r.random() < 0.1:
        g.add("polluted_farmland_safe_use_rate", "不涉及")
    else:
        g.ge("polluted_farmland_safe_use_rate", 93, 7)
    g.word("key_construction_land_safe_use", "有效保障")
    g.word("invasive_species_control", "有效开展")
    g.word("environmental_emergency_mechanism", "建立")
    if r.random() < 0.1:
        g.add("non_fossil_energy_share", "持续提高")
    else:
        share = r.uniform(10, 35)
        g.add("non_fossil_energy_share", f"{share:.1f}")
        g.add("non_fossil_energy_share", f"{share - r.uniform(-1.5, 2):.1f}", year=prev)
    g.pro_rata("energy_intensity_reduction", 10, 16, r.choice(("十四五", "2021-2025", "")))
    g.pro_rata("co2_intensity_reduction", 12, 20, "十四五", not_assigned=0.2)
    g.add("carbon_market_compliance_rate", "不涉及" if r.random() < 0.7 else f"{r.uniform(90, 100):.1f}")
    g.target("nox_reduction", 200, 900)
    g.target("voc_reduction", 100, 400)
    g.target("cod_reduction", 300, 2000, decimals=2)
    g.target("ammonia_nitrogen_reduction", 10, 120, decimals=2)
    g.trend("industrial_solid_waste_utilization", 80, 99, True, baseline, stable_ok=True)
    g.pro_rata("water_intensity_reduction", 2, 10, r.choice(("2021-2025", "")))
    g.pro_rata("construction_land_intensity_reduction", 3, 12, "十四五", not_assigned=0.3)
    g.ge("public_satisfaction", 90, 8, decimals=2)
    g.add("green_travel_share", "≥72.8" if r.random() < 0.3 else f"{r.uniform(60, 85):.1f}")
    g.rate100("green_building_share")
    g.ge("park_green_space_per_capita", 12, 4, decimals=2)
    g.rate100("eco_info_disclosure_rate")
    g.word("zoning_control_system", "建立")
    g.rate100("damage_case_initiation_rate")
    g.ge("damage_case_closure_rate", 75, 20)
    tier = 60 if meta["district.region_class"] in ("central_west_city_district", "east") else 30
    g.ge("rural_sewage_treatment_rate", tier, 25)
    if r.random() < 0.2:
        g.add("shoreline_protection_rate", f"{r.uniform(90, 100):.1f}", "未考核")
    else:
        g.target("shoreline_protection_rate", 85, 98)
    if r.random() < 0.4:
        g.add("hazardous_waste_landfill_share", "0")
        g.add("hazardous_waste_landfill_share", "0", year=prev)
    else:
        g.trend("hazardous_waste_landfill_share", 0.5, 10, False, prev, stable_ok=False)
    g.trend("green_organic_farmland_area", 5000, 20000, True, prev, stable_ok=False)
    g.word("eco_compensation_system", "建立")
    return meta, g.rows


def write_submissions(folder: Path, count: int, units: dict[str, str], seed: int = SEED) -> list[str]:
    """``count`` long-layout CSV files in ``folder``; their names, relative to it."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    names = []
    for i in range(count):
        meta, rows = submission_rows(rng, i)
        lines = ["key,year,value,unit,target,target_period,note"]
        lines += [f"{k},,{v},,,," for k, v in meta.items()]
        lines += [f"{k},{y},{v},{units[k]},{t},{p}," for k, y, v, t, p in rows]
        name = f"s{i:05d}.csv"
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        names.append(name)
    return names


def ruleset_units() -> dict[str, str]:
    """Item -> unit, read from the shipped rule set."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    data = tomllib.loads(RULESET_FILE.read_text(encoding="utf-8"))
    return {key: item["unit"] for key, item in data["items"].items()}


def large_library(folder: Path, rows: int) -> tuple[Path, int]:
    """The near-term project library with its rows repeated (as bench_check.py's large_library)."""
    lines = LIBRARY.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("序号,"))
    body = [line for line in lines[header + 1 :] if not line.startswith("合计")]
    copies = max(1, round(rows / len(body)))
    path = folder / f"projects-{len(body) * copies}.csv"
    path.write_text("\n".join(lines[: header + 1] + body * copies) + "\n", encoding="utf-8")
    return path, len(body) * copies


# --- the floor: the 49 rules in plain Python -------------------------------------------------------
#
# What the python engine decides for each rule, written directly: plain tuples and floats,
# no Text, Finding or Interval objects, no reasons. It covers what the generator writes
# (canonical keys, numbers, bounds, words, 不涉及, 未考核, empty cells, targets with
# periods, the two derived items); it does not resolve key aliases, check units or spot
# shares written as fractions. Comparisons on floats give the engine's exact verdicts here:
# every number is a short decimal, and pro-rata targets are whole numbers, so no rounding
# lands a value on the other side of a threshold.
#
# A datum is (kind, number, bound, word, says_not_assessed, target, period); a target is
# (kind, number, says_not_assessed). States are the finding statuses themselves.

MET, NOT_MET, UNDECIDED, NOT_ASSESSED, NOT_APPLICABLE = "met", "not_met", "missing", "not_assessed", "not_applicable"
NOT_ASSESSED_WORDS = ("未考核", "不考核", "未下达", "未逐年下达", "无考核任务", "未分解")
TREND_WORDS = (
    ("恶化", "worsen"),
    ("改善", "improve"),
    ("好转", "improve"),
    ("稳定", "stable"),
    ("持平", "stable"),
    ("不变", "stable"),
    ("提高", "up"),
    ("提升", "up"),
    ("上升", "up"),
    ("增加", "up"),
    ("增长", "up"),
    ("下降", "down"),
    ("降低", "down"),
    ("减少", "down"),
)
DENIED = {"up": "not_up", "down": "not_down", "improve": "worsen", "worsen": "improve"}


def says_not_assessed(kind: str, word: str | None) -> bool:
    return kind == "not_assessed" or (word is not None and any(w in word for w in NOT_ASSESSED_WORDS))


class Facts:
    __slots__ = ("attributes", "baseline", "data", "year")

    def __init__(self, submission: Any):
        self.year = submission.year
        self.baseline = submission.baseline_year
        self.attributes = submission.district.attributes
        data = {}
        for o in submission.observations:
            v, t = o.value, o.target
            kind = v.kind.value
            target = None
            if t is not None:
                tkind = t.kind.value
                target = (tkind, None if t.number is None else float(t.number), says_not_assessed(tkind, t.word))
            number = None if v.number is None else float(v.number)
            data[(o.key, o.year)] = (
                kind,
                number,
                v.bound,
                v.word,
                says_not_assessed(kind, v.word),
                target,
                o.target_period,
            )
        self.data = data

    def datum(self, key: str, year: int) -> tuple | None:
        if key == "good_air_ratio":  # good days ÷ days in the year × 100
            src = self.data.get(("good_air_days", year))
            if src is None or src[1] is None:
                return src
            days = 366 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 365
            return (src[0], src[1] * 100 / days, *src[2:])
        if key == "eqi_change":  # this year's EQI less last year's, else the value given
            cur, ref = self.data.get(("eqi", year)), self.data.get(("eqi", year - 1))
            if cur and ref and cur[1] is not None and ref[1] is not None and cur[2] is None and ref[2] is None:
                return ("number", cur[1] - ref[1], None, None, False, None, None)
        return self.data.get((key, year))


def satisfies(x: float, bound: str | None, op: str, t: float) -> bool | None:
    """x op t for an exact value; for a bound (≥x …) True when all of it does, False when
    none of it does, None otherwise."""
    if bound is None:
        if op == ">=":
            return x >= t
        if op == ">":
            return x > t
        if op == "<=":
            return x <= t
        if op == "<":
            return x < t
        return x == t
    if bound in (">=", ">"):
        if op in (">=", ">"):
            return True if x > t or (x == t and (op == ">=" or bound == ">")) else None
        if op in ("<=", "<"):
            return False if x > t or (x == t and (op == "<" or bound == ">")) else None
        return None if x < t or (x == t and bound == ">=") else False
    if op in ("<=", "<"):
        return True if x < t or (x == t and (op == "<=" or bound == "<")) else None
    if op in (">=", ">"):
        return False if x < t or (x == t and (op == ">" or bound == "<")) else None
    return None if x > t or (x == t and bound == "<=") else False


def verdict(ok: bool | None) -> str:
    return UNDECIDED if ok is None else MET if ok else NOT_MET


Make = Callable[[str], Callable[[Facts], str]]


@dataclass(frozen=True)
class Cond:
    make: Make  # the rule's item -> an evaluator
    target: bool = False  # a 未考核 value is an answer (the rule has a target condition)


def compare(op: str, t: float) -> Cond:
    def make(key: str) -> Callable[[Facts], str]:
        def evaluate(f: Facts) -> str:
            d = f.datum(key, f.year)
            if d is None or d[1] is None:
                return UNDECIDED
            return verdict(satisfies(d[1], d[2], op, t))

        return evaluate

    return Cond(make)


def status(*accepted: str) -> Cond:
    words = frozenset(accepted)

    def make(key: str) -> Callable[[Facts], str]:
        def evaluate(f: Facts) -> str:
            d = f.datum(key, f.year)
            if d is None or d[0] != "word":
                return UNDECIDED
            return MET if d[3] in words else NOT_MET

        return evaluate

    return Cond(make)


def target(better: str, interim: str = "final", of: str | None = None) -> Cond:
    op = ">=" if better == "higher" else "<="

    def make(key: str) -> Callable[[Facts], str]:
        item = of or key

        def evaluate(f: Facts) -> str:
            d = f.datum(item, f.year)
            if d is None:
                return UNDECIDED
            t = d[5]
            if t is None or t[0] == "missing":
                return NOT_ASSESSED if d[4] else UNDECIDED
            if t[2] or t[0] == "not_applicable":
                return NOT_ASSESSED
            if t[0] != "number" or t[1] is None:
                return UNDECIDED
            if d[0] == "not_assessed":
                return NOT_ASSESSED
            if d[1] is None:
                return UNDECIDED
            required, period = t[1], d[6]
            if period and interim == "pro_rata" and period[0] <= f.year < period[1]:
                required = required * (f.year - period[0] + 1) / (period[1] - period[0] + 1)
            return verdict(satisfies(d[1], d[2], op, required))

        return evaluate

    return Cond(make, target=True)


def claimed(require: str, better: str, word: str | None) -> str:
    """The trend as the cell states it (持续提高, 保持稳定)."""
    movement = None
    for fragment, move in TREND_WORDS if word else ():
        at = word.find(fragment)
        if at >= 0:
            denied = any(word[:at].endswith(n) for n in ("不", "未", "没有", "无"))
            movement = DENIED.get(move) if denied else move
            break
    if movement is None:
        return UNDECIDED
    good = "up" if better == "higher" else "down"
    if movement in ("up", "down"):
        movement = "improve" if movement == good else "worsen"
    elif movement in ("not_up", "not_down"):
        movement = "stable_or_worse" if movement == f"not_{good}" else "stable_or_better"
    if movement == "improve":
        return MET
    if movement in ("stable", "stable_or_better"):
        if require == "stable_or_improve":
            return MET
        return NOT_MET if movement == "stable" else UNDECIDED
    if movement == "stable_or_worse":
        return NOT_MET if require != "stable_or_improve" else UNDECIDED
    return NOT_MET


def trend(require: str, better: str, against: str, tolerance: float = 0.0, best: float | None = None) -> Cond:
    sign = 1 if better == "higher" else -1

    def make(key: str) -> Callable[[Facts], str]:
        def evaluate(f: Facts) -> str:
            d = f.datum(key, f.year)
            if d is None:
                return UNDECIDED
            current = d[1] if d[2] is None else None
            if current is None:
                return claimed(require, better, d[3])
            if best is not None and current * sign >= best * sign:
                return MET
            ref_year = f.year - 1 if against == "previous_year" else f.baseline
            if ref_year is None:
                return claimed(require, better, d[3])
            if ref_year >= f.year:
                return UNDECIDED
            years = range(ref_year, f.year + 1) if require == "each_year_improve" else (ref_year, f.year)
            series = []
            for y in years:
                dy = f.datum(key, y)
                if dy is None or dy[1] is None or dy[2] is not None:
                    return claimed(require, better, d[3])
                series.append(dy[1])
            for a, b in pairwise(series):
                delta = (b - a) * sign
                if not (delta >= -tolerance if require == "stable_or_improve" else delta > 0):
                    return NOT_MET
            return MET

        return evaluate

    return Cond(make)


def all_of(*parts: Cond) -> Cond:
    def make(key: str) -> Callable[[Facts], str]:
        evaluators = [p.make(key) for p in parts]

        def evaluate(f: Facts) -> str:
            states = {e(f) for e in evaluators}
            if NOT_MET in states:
                return NOT_MET
            if UNDECIDED in states:
                return UNDECIDED
            return NOT_ASSESSED if states == {NOT_ASSESSED} else MET

        return evaluate

    return Cond(make, any(p.target for p in parts))


def any_of(*parts: Cond) -> Cond:
    def make(key: str) -> Callable[[Facts], str]:
        evaluators = [p.make(key) for p in parts]

        def evaluate(f: Facts) -> str:
            states = {e(f) for e in evaluators}
            for state in (MET, UNDECIDED, NOT_MET):
                if state in states:
                    return state
            return NOT_ASSESSED

        return evaluate

    return Cond(make, any(p.target for p in parts))


def tiered(attribute: str, *tiers: tuple[tuple[str, ...], Cond]) -> Cond:
    def make(key: str) -> Callable[[Facts], str]:
        branches = [(frozenset(when), c.make(key)) for when, c in tiers]

        def evaluate(f: Facts) -> str:
            value = f.attributes.get(attribute)
            for when, e in branches:
                if value in when:
                    return e(f)
            return UNDECIDED

        return evaluate

    return Cond(make, any(c.target for _, c in tiers))


def manual() -> Cond:
    return Cond(lambda key: lambda f: NOT_ASSESSED)


WHERE_RELEVANT = True


def floor_rules() -> list[tuple[str, str, bool, frozenset[str], Cond]]:
    """cn-eco-county-2024's rules: (ID, item, applies only where relevant, words meaning
    not applicable, condition)."""
    stable = ("stable_or_improve", "higher", "baseline_year")
    rules: list[tuple[Any, ...]] = [
        ("EC24-01", "eco_performance_share", compare(">=", 20)),
        ("EC24-02", "eco_damage_accountability", status("建立")),
        ("EC24-03", "natural_resource_audit", status("开展")),
        (
            "EC24-04.1",
            "good_air_ratio",
            all_of(
                target("higher", of="good_air_days"),
                any_of(compare(">=", 90), trend("improve", "higher", "previous_year")),
            ),
        ),
        (
            "EC24-04.2",
            "pm25",
            all_of(target("lower"), any_of(compare("<=", 25), trend("improve", "lower", "previous_year"))),
        ),
        ("EC24-05.1", "surface_water_class3_share", all_of(target("higher"), trend(*stable, best=100))),
        (
            "EC24-05.2",
            "groundwater_class5_share",
            all_of(target("lower"), any_of(compare("<=", 25), trend("improve", "lower", "previous_year"))),
            WHERE_RELEVANT,
        ),
        ("EC24-05.3", "drinking_water_source_share", compare(">=", 100)),
        ("EC24-05.4", "coastal_water_good_share", target("higher"), WHERE_RELEVANT),
        ("EC24-06.1", "urban_sewage_collection_rate", compare(">=", 70)),
        ("EC24-06.2", "urban_black_odorous_elimination", compare(">=", 100)),
        (
            "EC24-06.3",
            "rural_black_odorous_remediation",
            compare(">=", 100),
            WHERE_RELEVANT,
            ("无黑臭水体", "无较大面积农村黑臭水体"),
        ),
        ("EC24-06.4", "urban_waste_recycling_rate", compare(">=", 35)),
        ("EC24-06.5", "noise_night_compliance", compare(">=", 85)),
        ("EC24-07.1", "eqi_change", compare(">", -1)),
        ("EC24-07.2", "redline_status", status("生态功能不降低、性质不改变", "性质不改变、生态功能不降低")),
        ("EC24-07.3", "redline_issue_rectification_rate", compare(">=", 100)),
        ("EC24-07.4", "biodiversity_survey", status("开展")),
        ("EC24-08.1", "forest_cover", trend(*stable), WHERE_RELEVANT),
        ("EC24-08.2", "grassland_vegetation_cover", trend(*stable), WHERE_RELEVANT),
        ("EC24-08.3", "natural_shoreline_retention", target("higher"), WHERE_RELEVANT),
        ("EC24-09", "polluted_farmland_safe_use_rate", compare(">=", 93), WHERE_RELEVANT),
        ("EC24-10", "key_construction_land_safe_use", status("有效保障")),
        ("EC24-11", "invasive_species_control", status("有效开展")),
        ("EC24-12", "environmental_emergency_mechanism", status("建立")),
        ("EC24-13", "non_fossil_energy_share", any_of(compare(">=", 25), trend("improve", "higher", "previous_year"))),
        ("EC24-14", "energy_intensity_reduction", target("higher", "pro_rata")),
        ("EC24-15", "co2_intensity_reduction", target("higher", "pro_rata")),
        ("EC24-16", "carbon_market_compliance_rate", manual(), WHERE_RELEVANT),
        ("EC24-17.1", "nox_reduction", target("higher")),
        ("EC24-17.2", "voc_reduction", target("higher")),
        ("EC24-17.3", "cod_reduction", target("higher")),
        ("EC24-17.4", "ammonia_nitrogen_reduction", target("higher")),
        ("EC24-18", "industrial_solid_waste_utilization", trend(*stable, best=100)),
        ("EC24-19", "water_intensity_reduction", target("higher")),
        ("EC24-20", "construction_land_intensity_reduction", target("higher", "pro_rata")),
        ("EC24-21", "public_satisfaction", compare(">=", 90)),
        ("EC24-22", "green_travel_share", manual()),
        ("EC24-23", "green_building_share", compare(">=", 100)),
        ("EC24-24", "park_green_space_per_capita", compare(">=", 12)),
        ("EC24-25", "eco_info_disclosure_rate", compare(">=", 100)),
        ("EC24-26", "zoning_control_system", status("建立")),
        ("EC24-27.1", "damage_case_initiation_rate", compare(">=", 100)),
        ("EC24-27.2", "damage_case_closure_rate", compare(">=", 75)),
        (
            "EC24-R1",
            "rural_sewage_treatment_rate",
            tiered(
                "region_class",
                (("central_west_city_district", "east"), compare(">=", 60)),
                (("central_west_other", "northeast"), compare(">=", 30)),
            ),
        ),
        ("EC24-R2", "shoreline_protection_rate", target("higher")),
        ("EC24-R3", "hazardous_waste_landfill_share", trend("improve", "lower", "previous_year", best=0)),
        ("EC24-R4", "green_organic_farmland_area", trend("improve", "higher", "previous_year")),
        ("EC24-R5", "eco_compensation_system", status("建立")),
    ]
    out = []
    for rule_id, item, cond, *rest in rules:
        where_relevant = bool(rest[0]) if rest else False
        words = frozenset(rest[1]) if len(rest) > 1 else frozenset()
        out.append((rule_id, item, where_relevant, words, cond))
    return out


class Floor:
    def __init__(self) -> None:
        self.rules = [
            (rule_id, item, where_relevant, words, cond.target, cond.make(item))
            for rule_id, item, where_relevant, words, cond in floor_rules()
        ]

    def evaluate(self, submission: Any) -> list[str]:
        """Each rule's status, as the engine's findings have it."""
        f = Facts(submission)
        out = []
        for _, item, where_relevant, words, has_target, evaluate in self.rules:
            d = f.datum(item, f.year)
            if d is None:
                out.append(UNDECIDED)
                continue
            kind = d[0]
            if kind == "word" and d[3] in words:
                out.append(NOT_APPLICABLE)
            elif kind == "not_applicable":
                out.append(NOT_APPLICABLE if where_relevant else UNDECIDED)
            elif kind == "missing":
                out.append(UNDECIDED)
            elif kind == "not_assessed":
                out.append(NOT_ASSESSED if has_target else UNDECIDED)
            else:
                out.append(evaluate(f))
        return out


# --- the sections ------------------------------------------------------------------------------------


@dataclass
class Settings:
    quick: bool
    sizes: tuple[int, ...]
    startup_repeat: int
    xlsx_repeat: int
    engine_repeat: int
    project_repeat: int
    batch_repeat: int | None  # None: 3 up to 1,000 submissions (--quick: 200), 1 above

    def repeats_for_batch(self, n: int) -> int:
        if self.batch_repeat is not None:
            return self.batch_repeat
        return 3 if n <= (200 if self.quick else 1_000) else 1


def startup(report: Report, cli: list[str], settings: Settings) -> dict[str, Series]:
    section = "startup"
    report.section(f"1. Start-up: subprocess wall time, {median_of(settings.startup_repeat)}")
    py = sys.executable
    runs = interleaved(
        {
            "python -c pass": ([py, "-c", "pass"], (0,)),
            "import floor: import typer, pydantic, pluggy": (
                [py, "-c", "import typer, pydantic, pluggy"],
                (0,),
            ),
            "ecorules --version": ([*cli, "--version"], (0,)),
            "ecorules check --help": ([*cli, "check", "--help"], (0,)),
        },
        settings.startup_repeat,
    )
    for name, s in runs.items():
        report.row(name, ms(s.median), spread_text(s))
        report.measure(section, name, s)
    bare, floor = runs["python -c pass"], runs["import floor: import typer, pydantic, pluggy"]
    version, help_ = runs["ecorules --version"], runs["ecorules check --help"]
    for label, a, b in (
        ("ratio --version / python -c pass", version, bare),
        ("ratio --version / import floor", version, floor),
        ("ratio check --help / import floor", help_, floor),
    ):
        value = a.median / b.median
        spread = report.ratio(section, label, value, paired(a, b))
        report.row(label, f"{value:.2f}×", spread)
    over = version.median - floor.median
    report.row("--version beyond the import floor", ms(over))
    report.ratio(section, "--version beyond the import floor (s)", over)
    return runs


def one_workbook(report: Report, cli: list[str], settings: Settings) -> float:
    section = "xlsx"
    rel = WORKBOOK.relative_to(REPO)
    report.section(f"2. One workbook ({rel}): subprocess wall time, {median_of(settings.xlsx_repeat)}")
    runs = interleaved(
        {
            "check": ([*cli, "check", str(WORKBOOK), "--format", "json"], (0, 1)),
            "parse": ([sys.executable, "-c", PARSE_XLSX, str(WORKBOOK)], (0,)),
        },
        settings.xlsx_repeat,
    )
    check, parse = runs["check"], runs["parse"]
    report.row(f"ecorules check {WORKBOOK.name} --format json", ms(check.median), spread_text(check))
    report.row("openpyxl read-only parse of every row, alone", ms(parse.median), spread_text(parse))
    report.measure(section, "ecorules check xlsx --format json", check)
    report.measure(section, "openpyxl read-only parse alone", parse)
    value = check.median / parse.median
    spread = report.ratio(section, "check / parse", value, paired(check, parse))
    report.row("ratio check / parse alone", f"{value:.2f}×", spread)
    return value


def command_line_room() -> int:
    """Bytes the arguments of one command may take (ARG_MAX less the environment, with a margin)."""
    if os.name == "nt":  # pragma: no cover
        return 30_000
    try:
        limit = os.sysconf("SC_ARG_MAX")
    except (ValueError, OSError):  # pragma: no cover
        limit = 131_072
    environment = sum(len(k) + len(v) + 2 for k, v in os.environ.items())
    return max(16_384, min(limit, 2_097_152) - environment - 65_536)


def check_accepts_folder(cli: list[str], tmp: Path, sample: Sequence[Path]) -> bool:
    """Whether ``ecorules check DIR`` checks the files in DIR (tried on two of them)."""
    folder = tmp / "folder-probe"
    folder.mkdir(exist_ok=True)
    for p in sample[:2]:
        shutil.copy(p, folder / p.name)
    out = tmp / "folder-probe.json"
    try:
        run_child([*cli, "check", str(folder), "--format", "json", "-o", str(out)], ok=(0, 1))
        return len(json.loads(out.read_text(encoding="utf-8")).get("submissions", [])) == 2
    except (CommandFailed, OSError, ValueError):
        return False


@dataclass
class BatchRun:
    n: int
    config: str
    series: Series
    how: str  # one call, a folder, or chunks
    report_bytes: int  # the size of the JSON report written


def batch(report: Report, cli: list[str], settings: Settings, tmp: Path) -> dict[tuple[int, str], BatchRun]:
    section = "batch"
    report.section("3. Batch: N generated long-layout CSV submissions in one `ecorules check … --format json -o` call")
    units = ruleset_units()
    pool = tmp / "submissions"
    biggest = max(settings.sizes)
    started = time.perf_counter()
    names = write_submissions(pool, biggest, units)
    report.row(f"generate {biggest:,} submissions (seed {SEED})", secs(time.perf_counter() - started))
    help_text = subprocess.run([*cli, "check", "--help"], capture_output=True, text=True, env=wide_terminal()).stdout
    has_jobs = "--jobs" in help_text
    configs = [("--jobs 1", ["--jobs", "1"]), ("--jobs 2", ["--jobs", "2"])] if has_jobs else [("default", [])]
    if not has_jobs:
        report.row("--jobs 1 / --jobs 2", "n/a (no --jobs)")
        report.notes.append("ecorules check has no --jobs option: every batch ran as the default check does")
    room = command_line_room()
    folder_ok: bool | None = None
    results: dict[tuple[int, str], BatchRun] = {}
    available = available_memory_kb()

    def measure(n: int, config: str, extra: list[str], repeat: int) -> BatchRun:
        nonlocal folder_ok
        files = names[:n]
        out = tmp / "batch-out.json"
        base = [*cli, "check"]
        tail = ["--format", "json", "-o", str(out), *extra]
        size = sum(len(a) + 1 for a in [*base, *files, *tail])
        how = f"one call, {size / 1024:,.1f} KiB of arguments"
        calls: list[list[str]]
        if size <= room:
            calls = [[*base, *files, *tail]]
        else:
            if folder_ok is None:
                folder_ok = check_accepts_folder(cli, tmp, [pool / f for f in names[:2]])
            if folder_ok:
                folder = tmp / f"folder-{n}"
                if not folder.exists():
                    folder.mkdir()
                    for f in files:
                        os.link(pool / f, folder / f)
                calls = [[*base, str(folder), *tail]]
                how = f"one call on a folder: the file list ({size / 1024:,.1f} KiB) is too long"
            else:
                calls, chunk = [], []
                for f in files:
                    if sum(len(a) + 1 for a in [*base, *chunk, f, *tail]) > room:
                        calls.append([*base, *chunk, *tail])
                        chunk = []
                    chunk.append(f)
                calls.append([*base, *chunk, *tail])
                most = max(len(c) - len(base) - len(tail) for c in calls)
                how = (
                    f"{len(calls)} calls of up to {most:,} files, xargs-style: the file list ({size / 1024:,.1f} KiB) "
                    "is too long and `ecorules check DIR` does not check a folder"
                )
        if not how.startswith("one call,"):
            report.notes.append(f"N = {n:,} ({config}): {how}")
        s = Series()
        written = 0
        for _ in range(repeat):
            total, peak, written = 0.0, 0, 0
            for call in calls:
                seconds, rss = run_child(call, pool, ok=(0, 1))
                total += seconds
                peak = max(peak, rss or 0)
                written += out.stat().st_size
                out.unlink()
            s.seconds.append(total)
            if peak:
                s.rss_kb.append(peak)
        return BatchRun(n, config, s, how, written)

    sizes = sorted(set(settings.sizes))
    for config, extra in configs:
        for n in sizes:
            small = max(1, n // 10)
            for size in (small, n):
                if (size, config) in results:
                    continue
                if size == n and (small, config) in results and available:
                    # a batch's memory grows with its size: do not run one the machine cannot hold
                    base_run = results[(small, config)].series
                    projected = (base_run.rss_mb or 0) * 1024 * n / small
                    if projected > 0.8 * available:
                        report.row(
                            f"N = {n:,} ({config})",
                            "skipped",
                            note=f"projected peak RSS {projected / 1024 / 1024:.1f} GiB exceeds 80 % of the "
                            f"{available / 1024 / 1024:.1f} GiB available",
                        )
                        report.notes.append(f"N = {n:,} ({config}) skipped: not enough memory")
                        break
                results[(size, config)] = measure(size, config, extra, settings.repeats_for_batch(size))
    for (n, config), r in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        s = r.series
        label = f"N = {n:,}" + ("" if config == "default" else f" ({config})")
        rate = n / s.median
        rss = f", peak RSS {s.rss_mb:.0f} MB" if s.rss_mb is not None else ""
        report.row(label, secs(s.median), spread_text(s, secs), f"{rate:,.0f} submissions/s{rss}")
        report.row("", "", "", f"({r.how}; JSON report {r.report_bytes / 1e6:,.1f} MB)")
        report.measure(
            section,
            label,
            s,
            submissions=n,
            config=config,
            submissions_per_s=rate,
            how=r.how,
            report_mb=r.report_bytes / 1e6,
        )
    for config, _ in configs:
        for n in sizes:
            big, small = results.get((n, config)), results.get((max(1, n // 10), config))
            if big is None or small is None or big.series.rss_mb is None or small.series.rss_mb is None:
                continue
            growth = big.series.rss_mb - small.series.rss_mb
            label = f"RSS growth N = {n:,} over N = {small.n:,}" + ("" if config == "default" else f" ({config})")
            report.ratio(section, label + " (MB)", growth, submissions=n, config=config)
            per = growth * 1024 / (n - small.n) if n > small.n else 0.0
            report.row(label, f"{growth:,.0f} MB", "", f"{per:,.1f} KB per submission")
    return results


def engines(report: Report, settings: Settings, tmp: Path) -> tuple[dict[str, float], int]:
    """µs per submission of each engine and of the floor; the number of floor mismatches."""
    section = "engines"
    report.section(
        f"5. Engines: engine.evaluate(plan, submission) over {ENGINE_SUBMISSIONS:,} parsed submissions, "
        f"{median_of(settings.engine_repeat, 'passes')}"
    )
    from ecorules.adapters.csv import CsvAdapter
    from ecorules.interfaces import ReadOptions
    from ecorules.plugins import components

    folder = tmp / "engine-submissions"
    names = write_submissions(folder, ENGINE_SUBMISSIONS, ruleset_units(), seed=SEED + 1)
    adapter = CsvAdapter()
    started = time.perf_counter()
    subs = [record for name in names for record in adapter.read(folder / name, ReadOptions())]
    report.row(f"parse {len(subs):,} CSV submissions once (CsvAdapter)", secs(time.perf_counter() - started))
    c = components()
    rs = c.rulesets.get(RULESET_ID).ruleset
    floor = Floor()
    expected = [(r.id, r.item) for r in rs.rules]
    written = [(rule_id, item) for rule_id, item, *_ in floor.rules]
    if expected != written:
        raise SystemExit(f"the floor's rules are not {RULESET_ID}'s: update floor_rules()\n{expected}\n{written}")
    plans: dict[str, tuple[Any, Any]] = {}
    for name in c.engines.names():
        engine = c.engines.get(name)
        try:
            plans[name] = (engine, engine.compile(rs, c.kinds))
        except Exception as exc:
            report.row(f"engine {name}", "n/a", note=f"compile failed: {type(exc).__name__}: {exc}")
    if "durable" not in c.engines.names():
        report.row("engine durable", "n/a", note="not registered (no plugin provides it)")
    # What is timed: the engine's evaluate, which returns its findings; the floor, which
    # returns the statuses. The statuses are compared once, outside the timing.
    candidates: dict[str, Callable[[Any], Any]] = {
        f"engine {name}": (lambda s, e=engine, p=compiled: e.evaluate(p, s))
        for name, (engine, compiled) in plans.items()
    }
    floor_name = "floor (plain Python, this file)"
    candidates[floor_name] = floor.evaluate
    statuses: dict[str, list[list[str]]] = {}
    failed: set[str] = set()
    for name, fn in candidates.items():  # also the warm-up pass
        try:
            results = [fn(s) for s in subs]
        except Exception as exc:
            failed.add(name)
            report.row(name, "n/a", note=f"evaluate failed: {type(exc).__name__}: {exc}")
            continue
        statuses[name] = results if name == floor_name else [[f.status.value for f in r] for r in results]
    times: dict[str, Series] = {name: Series() for name in candidates if name not in failed}
    for _ in range(settings.engine_repeat):
        for name in times:
            fn = candidates[name]
            gc.collect()
            started = time.perf_counter()
            for s in subs:
                fn(s)
            times[name].seconds.append((time.perf_counter() - started) / len(subs))
    reference = statuses.get("engine python")
    mismatches: dict[str, int] = {}
    if reference is not None:
        for name, got in statuses.items():
            diff = [
                (subs[i].source, rule_id, want, have)
                for i, (w, g) in enumerate(zip(reference, got, strict=True))
                for rule_id, want, have in zip((r.id for r in rs.rules), w, g, strict=True)
                if want != have
            ]
            mismatches[name] = len(diff)
            for source, rule_id, want, have in diff[:10]:
                report.notes.append(f"{name} differs from engine python: {source} {rule_id}: {have} (python: {want})")
    floor_s = times.get(floor_name)
    us = {}
    for name, s in times.items():
        us[name] = s.median * 1e6
        agree = ""
        if reference is not None and name != "engine python":
            agree = f"statuses: {mismatches.get(name, 0)} of {len(subs) * len(rs.rules):,} differ from engine python"
        report.row(f"{name}", f"{s.median * 1e6:,.0f} µs", spread_text(s, lambda x: f"{x * 1e6:,.0f} µs"), agree)
        report.measure(section, name, s, unit="seconds per submission", mismatches=mismatches.get(name))
    if floor_s is not None:
        for name, s in times.items():
            if name == floor_name:
                continue
            value = s.median / floor_s.median
            spread = report.ratio(section, f"{name} / floor", value, paired(s, floor_s))
            report.row(f"ratio {name.removeprefix('engine ')} / floor", f"{value:.2f}×", spread)
    counts: dict[str, int] = {}
    for row in reference or []:
        for st in row:
            counts[st] = counts.get(st, 0) + 1
    if counts:
        report.row("statuses (engine python)", "", "", ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items())))
    return us, mismatches.get(floor_name, 0) if reference is not None else -1


def project_tables(report: Report, cli: list[str], settings: Settings, tmp: Path) -> dict[int, Series]:
    section = "projects"
    report.section(
        f"4. Project tables ({LIBRARY.name} repeated): `ecorules check TABLE --format json -o`, "
        f"{median_of(settings.project_repeat)}"
    )
    out = tmp / "projects-out.json"
    tables = {}
    for rows in PROJECT_ROWS:
        path, n = large_library(tmp, rows)
        tables[n] = path
    runs = interleaved(
        {n: ([*cli, "check", str(p), "--format", "json", "-o", str(out)], (0, 1)) for n, p in tables.items()},
        settings.project_repeat,
        warmup=0,
    )
    for n, s in runs.items():
        report.row(f"{n:,} projects", secs(s.median), spread_text(s, secs), f"peak RSS {s.rss_mb or 0:.0f} MB")
        report.measure(section, f"{n:,} projects", s, rows=n)
    out.unlink(missing_ok=True)
    sizes = sorted(runs)
    for a, b in pairwise(sizes):
        value = runs[b].median / runs[a].median
        spread = report.ratio(section, f"time {b:,} / {a:,}", value, paired(runs[b], runs[a]))
        report.row(f"ratio time {b:,} / {a:,} ({b / a:.0f}× the rows)", f"{value:.2f}×", spread)
    return runs


def targets(
    report: Report,
    start: dict[str, Series],
    xlsx_ratio: float | None,
    batches: dict[tuple[int, str], BatchRun],
    engine_us: dict[str, float],
    projects: dict[int, Series],
) -> None:
    report.section("6. Targets")

    def show(name: str, met: bool | None, measured: str, note: str = "") -> None:
        verdict_ = "n/a" if met is None else "MET" if met else "NOT MET"
        report.row(name, verdict_, measured, note)
        report.target(name, met, measured, note)

    configs = {config for _, config in batches}
    config = "--jobs 2" if "--jobs 2" in configs else "default"
    why = "" if config == "--jobs 2" else "no --jobs: measured with the default run"
    run10k = batches.get((10_000, config))
    if not batches:
        show("10,000 submissions ≤ 20 s with --jobs 2", None, "not measured")
        show("RSS growth 1,000 → 10,000 submissions < 50 MB", None, "not measured")
    elif run10k is not None:
        show("10,000 submissions ≤ 20 s with --jobs 2", run10k.series.median <= 20, secs(run10k.series.median), why)
        small = batches.get((1_000, config))
        if small is not None and run10k.series.rss_mb is not None and small.series.rss_mb is not None:
            growth = run10k.series.rss_mb - small.series.rss_mb
            show("RSS growth 1,000 → 10,000 submissions < 50 MB", growth < 50, f"{growth:,.0f} MB", why)
        else:
            show("RSS growth 1,000 → 10,000 submissions < 50 MB", None, "not measured")
    else:
        largest = max((n for n, c in batches if c == config), default=None)
        note = ""
        if largest:
            per = batches[(largest, config)].series.median / largest
            note = f"largest N run: {largest:,}; at its rate 10,000 would take ≈ {per * 10_000:,.0f} s"
        show("10,000 submissions ≤ 20 s with --jobs 2", None, "not run", note)
        note = ""
        if largest:
            big, small = batches[(largest, config)], batches.get((max(1, largest // 10), config))
            if small is not None and big.series.rss_mb is not None and small.series.rss_mb is not None:
                per = (big.series.rss_mb - small.series.rss_mb) / (largest - small.n)
                note = f"at N = {largest:,}'s growth per submission, 9,000 more would add ≈ {per * 9_000:,.0f} MB"
        show("RSS growth 1,000 → 10,000 submissions < 50 MB", None, "not run", note)
    floor_us = engine_us.get("floor (plain Python, this file)")
    python_us = engine_us.get("engine python")
    if floor_us and python_us:
        ratio = python_us / floor_us
        show("default engine ≤ 5× the floor", ratio <= 5, f"{ratio:.2f}×")
    else:
        show("default engine ≤ 5× the floor", None, "not measured")
    durable_us = engine_us.get("engine durable")
    if python_us and durable_us:
        show("default engine faster than durable", python_us < durable_us, f"{python_us / durable_us:.2f}× durable")
    else:
        show("default engine faster than durable", None, "durable not registered")
    if xlsx_ratio is None:
        show("xlsx check ≤ 1.3× parse alone", None, "not measured")
    else:
        show("xlsx check ≤ 1.3× parse alone", xlsx_ratio <= 1.3, f"{xlsx_ratio:.2f}×")
    if "ecorules --version" in start:
        version = start["ecorules --version"].median
        show("ecorules --version ≤ 0.25 s", version <= 0.25, secs(version))
    else:
        show("ecorules --version ≤ 0.25 s", None, "not measured")
    if not projects:
        show("project tables: 25,600 ≤ 4.5× the 6,400 time", None, "not measured")
        show("project tables: < 200 MB at 25,600", None, "not measured")
    elif 25_600 in projects and 6_400 in projects:
        ratio = projects[25_600].median / projects[6_400].median
        show("project tables: 25,600 ≤ 4.5× the 6,400 time", ratio <= 4.5, f"{ratio:.2f}×")
        rss = projects[25_600].rss_mb
        show(
            "project tables: < 200 MB at 25,600",
            None if rss is None else rss < 200,
            "not measured" if rss is None else f"{rss:,.0f} MB",
        )


# --- main --------------------------------------------------------------------------------------------

SECTIONS = ("startup", "xlsx", "batches", "engines", "projects")


def parse_sections(text: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [part for part in chosen if part not in SECTIONS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"{', '.join(unknown) or text!r}: choose from {', '.join(SECTIONS)}")
    return chosen


def wide_terminal() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "200", "TERM": "dumb"}


def available_memory_kb() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def parse_sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes are positive numbers, e.g. 1000,10000")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="batches of 200 and 1,000, fewer repeats")
    parser.add_argument(
        "--sizes", type=parse_sizes, help="batch sizes, comma-separated (default 1000,10000; --quick 200,1000)"
    )
    parser.add_argument("--out", type=Path, help="also write the results as JSON to this file")
    parser.add_argument(
        "--only",
        type=parse_sections,
        default=SECTIONS,
        metavar="SECTIONS",
        help=f"run only these sections, comma-separated, of: {','.join(SECTIONS)} (default: all); "
        "a target whose section did not run is reported as not measured",
    )
    parser.add_argument(
        "--batch-repeats", type=int, help="runs of each batch (default 3 up to 1,000 submissions, --quick 200, 1 above)"
    )
    args = parser.parse_args(argv)
    quick = args.quick
    settings = Settings(
        quick=quick,
        sizes=args.sizes or (QUICK_SIZES if quick else FULL_SIZES),
        startup_repeat=5 if quick else 10,
        xlsx_repeat=5 if quick else 10,
        engine_repeat=3 if quick else 5,
        project_repeat=1 if quick else 3,
        batch_repeat=args.batch_repeats,
    )
    began = time.perf_counter()
    sys.path.insert(0, str(REPO))  # the checkout's ecorules, when it is not installed elsewhere
    import ecorules

    cli = cli_command()
    where = Path(ecorules.__file__).resolve().parent
    info = {
        "suite": "quick" if quick else "full",
        "machine": machine(),
        "ecorules": {"version": ecorules.__version__, "package": str(where), "command": cli},
        "seed": SEED,
        "sizes": list(settings.sizes),
    }
    report = Report(info)
    m = info["machine"]
    report.say(f"ecorules benchmark suite ({info['suite']}), seed {SEED}")
    load = " ".join(str(x) for x in m["load_average_at_start"] or []) or "n/a"
    report.say(
        f"machine: {m['cpu_count']} CPUs, {m['implementation']} {m['python']}, {m['platform']}, load average {load}"
    )
    report.say(f"ecorules {ecorules.__version__} from {where}; command: {' '.join(cli)}")
    if where != REPO / "ecorules":
        report.say(f"WARNING: the ecorules imported is not this checkout's ({REPO / 'ecorules'}); pip install -e .")
    report.say("times are medians; [min – max, n runs]; ratios are of medians, with the range over paired runs")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="ecorules-bench-") as name:
        tmp = Path(name)
        only = args.only
        start = startup(report, cli, settings) if "startup" in only else {}
        xlsx_ratio = one_workbook(report, cli, settings) if "xlsx" in only else None
        batches = batch(report, cli, settings, tmp) if "batches" in only else {}
        projects = project_tables(report, cli, settings, tmp) if "projects" in only else {}
        # Last: it holds a thousand parsed submissions in this process, and a child started
        # after that may report this process's memory as its own peak (a forked child's
        # ru_maxrss starts from its parent's resident set).
        engine_us, mismatched = engines(report, settings, tmp) if "engines" in only else ({}, 0)
    targets(report, start, xlsx_ratio, batches, engine_us, projects)
    if mismatched:
        failures += 1
        report.say()
        report.say(f"FLOOR MISMATCH: {mismatched} statuses differ from engine python (first ones in the notes)")
    if report.notes:
        report.section("Notes")
        for note in report.notes:
            report.say(f"  - {note}")
    elapsed = time.perf_counter() - began
    end_load = os.getloadavg() if hasattr(os, "getloadavg") else None
    info["elapsed_s"] = elapsed
    info["load_average_at_end"] = [round(x, 2) for x in end_load] if end_load else None
    report.say()
    report.say(f"suite took {elapsed:.0f} s; load average at the end {' '.join(f'{x:.2f}' for x in end_load or [])}")
    if args.out:
        report.dump(args.out)
        print(f"wrote {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except CommandFailed as exc:
        print(f"a command failed: {exc}", file=sys.stderr)
        sys.exit(1)
