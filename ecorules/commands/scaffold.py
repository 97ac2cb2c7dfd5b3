"""``ecorules new plugin NAME``: a complete rule-pack package to start from.

The package installs (``pip install -e .``), registers its rule set through the ``ecorules``
entry point, and passes ``ecorules test`` and ``pytest`` as written: one rule, one passing and
one failing case, and a test that uses the ``ecorules`` pytest plugin. Its rule set is an
example to replace with the source document's own targets (docs/plugins.md).
"""

from __future__ import annotations

import re
from pathlib import Path

from ecorules import __version__
from ecorules.kinds.base import KindRegistry
from ecorules.model.errors import UsageError
from ecorules.model.text import T

NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def names(name: str) -> dict[str, str]:
    """The names a package called NAME uses: distribution, import package, entry point, IDs."""
    if not NAME.fullmatch(name):
        raise UsageError(
            T(
                f"插件名 {name!r} 无效：请使用小写字母、数字和连字符，以字母开头（如 wanzhou）",
                f"invalid plugin name {name!r}: use lower-case letters, digits and hyphens, starting with a letter (wanzhou)",
            ),
            code="usage.invalid-name",
        )
    prefix = re.sub(r"[^A-Z0-9]", "", name.upper())[:6]
    return {
        "name": name,
        "dist": f"ecorules-{name}",
        "package": f"ecorules_{name.replace('-', '_')}",
        "ruleset_id": f"{name}-targets-2025",
        "rule_id": f"{prefix}25-01",
        "version": __version__,
    }


def files(name: str) -> dict[str, str]:
    """Path (relative to the package folder) -> text, for a package called NAME."""
    n = names(name)
    package, rid, rule = n["package"], n["ruleset_id"], n["rule_id"]
    return {
        "pyproject.toml": f'''[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "{n["dist"]}"
version = "0.1.0"
description = "ecorules rule set: {rid}"
readme = "README.md"
requires-python = ">=3.10"
license = "MIT"
keywords = ["ecorules", "environment", "compliance", "china"]
dependencies = ["ecorules>={n["version"]}"]

[project.optional-dependencies]
test = ["pytest>=8"]

# The plugin: ecorules finds it through this entry-point group. The name ("{name}") is how
# `ecorules plugins`, `rulesets list` and ECORULES_PLUGINS call it.
[project.entry-points.ecorules]
{name} = "{package}.plugin"

[tool.setuptools.packages.find]
where = ["src"]

[tool.setuptools.package-data]
{package} = ["*.toml"]  # without it the wheel holds no rule set

[tool.pytest.ini_options]
testpaths = ["tests"]
pythonpath = ["src"]  # the tests import the package whether or not it is installed
addopts = "-ra --strict-markers"
filterwarnings = ["error"]
# The ecorules pytest plugin runs tests/*.cases.toml, one test per case, and fails a case
# file whose cases leave a rule without a passing and a failing case.
ecorules_min_coverage = 100
''',
        "README.md": f"""# {n["dist"]}

An [ecorules](https://pypi.org/project/ecorules/) rule pack: the rule set `{rid}`.

```sh
pip install -e . pytest
ecorules plugins                 # lists "{name}" and its rule set
ecorules test --min-coverage 100 # the cases in tests/, through the engine, with rule coverage
pytest                           # the same cases, and tests/test_plugin.py
```

Replace the example rule in `src/{package}/{rid}.toml` with the source document's targets,
quoted exactly, and give every rule a passing and a failing case in
`tests/{rid}.cases.toml`. The format is in ecorules' docs/ruleset-format.md, and the
whole workflow in docs/plugins.md.
""",
        f"src/{package}/__init__.py": f'''"""ecorules rule pack {n["dist"]}: the rule-set files it ships, registered by
:mod:`{package}.plugin`."""

RULESET_FILES = ("{rid}.toml",)
''',
        f"src/{package}/plugin.py": f'''"""Registers the package's rule sets with ecorules (entry point ``{name}``)."""

from __future__ import annotations

from importlib.resources import as_file, files

from ecorules.api import RulesetRegistry, hookimpl

from {package} import RULESET_FILES


@hookimpl
def ecorules_register_rulesets(registry: RulesetRegistry) -> None:
    package = files("{package}")
    for name in RULESET_FILES:
        # as_file gives a real file even when the package is installed zipped;
        # the registry reads the file before the call returns.
        with as_file(package / name) as path:
            registry.add_file(path)
''',
        f"src/{package}/{rid}.toml": f'''#:schema ../../schemas/ruleset.schema.json
# An example to replace: quote the source document's targets exactly (docs/ruleset-format.md).

[ruleset]
id = "{rid}"
version = "2025.1"
title = {{ zh = "示例规则集（请替换）", en = "Example rule set (replace it)" }}
years = {{ from = 2021, to = 2025 }}
notes = [
  {{ zh = "示例：阈值须逐字引用来源文件，切勿猜测。", en = "Example: quote every threshold from the source document; never guess one." }},
]

[ruleset.document]
number = "示例文件〔2025〕1号"
title = {{ zh = "示例文件（请替换为来源文件的标题）", en = "Example document (replace with the source's title)" }}

[indicators.1]
name = {{ zh = "森林覆盖率", en = "Forest cover" }}
category = "binding"

[items.forest_cover]
name = {{ zh = "森林覆盖率", en = "Forest cover" }}
unit = "%"

[[rules]]
id = "{rule}"
indicator = "1"
item = "forest_cover"
threshold = {{ zh = "森林覆盖率不低于40%（示例）", en = "forest cover at least 40 % (example) (≥40)" }}
condition = {{ kind = "compare", op = ">=", value = 40 }}
''',
        f"tests/{rid}.cases.toml": f'''#:schema ../schemas/cases.schema.json
# Cases for {rid}: `ecorules test` (and `pytest`) run each one through the engine.
# Every rule needs a passing and a failing case; put them at the threshold itself.
ruleset = "../src/{package}/{rid}.toml"
year = 2025
district = {{ name = "示例区" }}

[[cases]]
name = "exactly 40 % meets the threshold"
rule = "{rule}"
values = {{ forest_cover = 40 }}
expect = "met"
actual = "40%"

[[cases]]
name = "39.9 % is short of it"
rule = "{rule}"
values = {{ forest_cover = 39.9 }}
expect = "not_met"
message = "39.9 ≥ 40"
''',
        "tests/test_plugin.py": f'''"""The plugin registers its rule set, and a whole submission gets the verdicts the cases give.
(The cases themselves run as tests through the ecorules pytest plugin.)"""

from __future__ import annotations

from pathlib import Path

from {package} import RULESET_FILES, plugin

RULESETS = Path(__file__).resolve().parents[1] / "src" / "{package}"


def test_the_plugin_registers_every_rule_set(ecorules_registered):
    registered = ecorules_registered(plugin)
    assert [r.ruleset.ruleset.id for r in registered] == ["{rid}"]
    assert sorted(RULESET_FILES) == sorted(p.name for p in RULESETS.glob("*.toml"))


def test_values_against_the_rule_set(ecorules_check):
    checked = ecorules_check({{"forest_cover": 41.5}}, ruleset=RULESETS / "{rid}.toml", year=2025)
    assert checked.status("{rule}") == "met"
''',
    }


def write_plugin(name: str, folder: Path | None, kinds: KindRegistry) -> Path:
    """Write the package into ``folder`` (default ``./ecorules-NAME``), which must not exist yet
    or be empty; with it, in ``schemas/``, the JSON Schemas its TOML files name for editors."""
    from ecorules.commands.schema import render

    target = folder or Path(names(name)["dist"])
    if target.exists() and any(target.iterdir()):
        raise UsageError(
            T(f"{target} 已存在且不为空", f"{target} already exists and is not empty"), code="usage.folder-exists"
        )
    for path, text in files(name).items():
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    for schema in ("ruleset", "cases"):
        out = target / "schemas" / f"{schema}.schema.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render(schema, kinds), encoding="utf-8")
    return target
