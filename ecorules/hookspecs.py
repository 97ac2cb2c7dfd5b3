"""The hooks a plugin implements: the whole plugin surface, in one module.

A plugin is a module or object with functions marked ``@ecorules.hookimpl``
whose names match the specs below. Built-in adapters, reporters, engines and
the shipped rule sets register through these same hooks, so a third-party
package can do anything they do. Third-party packages are found through the
``ecorules`` entry-point group::

    [project.entry-points.ecorules]
    chongqing = "ecorules_chongqing.plugin"

Every hook receives a *registry* and calls its ``add`` (or ``add_file``)
method; the registry checks names and reports duplicates in one place, naming
both sources. All implementations of a hook are called (none "wins"); a
plugin whose hook raises is reported and skipped, and the others still load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from ecorules.kinds.base import KindRegistry
    from ecorules.registry import AdapterRegistry, EngineRegistry, ReporterRegistry, RulesetRegistry

hookspec = pluggy.HookspecMarker("ecorules")
# What a plugin marks its hook functions with (``@ecorules.api.hookimpl``).
hookimpl = pluggy.HookimplMarker("ecorules")


@hookspec
def ecorules_register_kinds(registry: KindRegistry) -> None:
    """Register condition kinds (threshold forms a rule set's ``condition`` may use).

    Called once, before any rule set is loaded, so rule sets (a plugin's own and
    any other) can use the kinds it adds. Call ``registry.add(kind)`` with an
    instance of a :class:`~ecorules.kinds.base.ConditionKind` subclass: its ``name``
    is the ``kind`` value in TOML, its ``model`` (a
    :class:`~ecorules.model.condition.ConditionModel`) validates the table, and it
    implements ``compile`` (indicator rule sets) and/or ``evaluate_record`` (project
    rule sets) as its ``record_kinds`` say, plus ``describe`` and, for indicator
    kinds, the ``explain`` example builders and ``template_needs``. A name already
    registered is an error naming both plugins.
    """


@hookspec
def ecorules_register_rulesets(registry: RulesetRegistry) -> None:
    """Register rule sets.

    Called once, the first time rule sets are needed (not for ``--help``).
    Call ``registry.add_file(path)`` for each TOML rule set file (or
    ``registry.add_text(text, source=...)`` for one held in memory). Files are
    validated on registration; an invalid one is reported with its problems
    and skipped. Two rule sets with the same ID are an error naming both
    sources.
    """


@hookspec
def ecorules_register_adapters(registry: AdapterRegistry) -> None:
    """Register input adapters (file formats a submission can be read from).

    Call ``registry.add(adapter)`` with an object that has ``name`` (used by
    ``--input-format``), ``extensions`` (lower-case, with the dot, used to pick
    the adapter by file name), ``description`` (a :class:`~ecorules.model.text.Text`)
    and ``read(path, options) -> list[Submission | ProjectLibrary]``: one
    :class:`~ecorules.model.submission.Submission` per reporting year the file holds,
    and one :class:`~ecorules.model.projects.ProjectLibrary` per table of projects.
    ``read`` raises :class:`~ecorules.model.errors.InputError` with a location for
    input it cannot read; it never writes to the file. A spreadsheet-like
    format only has to produce :class:`~ecorules.adapters.tables.Sheet`
    objects and pass them to ``read_tables``, as the CSV and xlsx adapters do.
    """


@hookspec
def ecorules_register_reporters(registry: ReporterRegistry) -> None:
    """Register output reporters (``--format`` values).

    Call ``registry.add(reporter)`` with an object that has ``name``,
    ``description`` and ``render(results, options) -> str``, where ``results``
    is a list of :class:`~ecorules.model.findings.CheckResult` (one per input file)
    and ``options`` a :class:`~ecorules.interfaces.ReportOptions`.
    """


@hookspec
def ecorules_register_engines(registry: EngineRegistry) -> None:
    """Register evaluation backends (``--engine`` values).

    Call ``registry.add(engine)`` with an object that has ``name``,
    ``description``, ``compile(ruleset, kinds) -> plan`` (called once per rule
    set, with the run's condition kinds) and ``evaluate(plan, record) ->
    list[Finding]``, where ``record`` is a :class:`~ecorules.api.Submission` or
    :class:`~ecorules.api.ProjectLibrary` as an adapter read it: the engine binds
    it itself. Every backend must give the same findings as the built-in
    ``python`` backend (see :class:`~ecorules.api.Engine`). Built-in components
    register before any third-party plugin, so a plugin's hook may
    ``registry.get("python")`` to wrap the built-in engine.
    """
