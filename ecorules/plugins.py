"""The plugin manager: built-ins first, then the ``ecorules`` entry-point group.

Loading happens on first use, so ``ecorules --help`` pays nothing for it. A
plugin that fails to import, or whose hook raises, is reported once (its name
and the error) and skipped; the rest keep working.

Environment:
- ``ECORULES_DISABLE_PLUGIN_AUTOLOAD=1``: load no third-party plugins
  (reproducible CI runs, tests).
- ``ECORULES_PLUGINS=name,name``: load only these entry points.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import entry_points
from typing import TYPE_CHECKING

import pluggy

from ecorules import hookspecs
from ecorules.hookspecs import hookimpl
from ecorules.model.text import T, Text

if TYPE_CHECKING:
    from ecorules.registry import Components

__all__ = ["BUILTIN_PLUGINS", "components", "get_plugin_manager", "hookimpl", "plugin_origins", "reset"]

# Registered exactly like third-party plugins, in this order.
BUILTIN_PLUGINS = (
    "ecorules.kinds",
    "ecorules.shipped",
    "ecorules.adapters.csv",
    "ecorules.adapters.json",
    "ecorules.adapters.xlsx",
    "ecorules.reporters.text",
    "ecorules.reporters.json",
    "ecorules.reporters.sarif",
    "ecorules.reporters.junit",
    "ecorules.reporters.github",
    "ecorules.reporters.markdown",
    "ecorules.reporters.html",
    "ecorules.reporters.xlsx",
    "ecorules.engine.python",
    "ecorules.engine.durable",  # optional: needs durable-rules (pip install ecorules[durable])
)


def autoload_disabled() -> bool:
    """ECORULES_DISABLE_PLUGIN_AUTOLOAD set to anything but empty, 0, false or no."""
    return os.environ.get("ECORULES_DISABLE_PLUGIN_AUTOLOAD", "").strip().lower() not in ("", "0", "false", "no")


_ORIGINS: dict[str, str] = {}  # plugin name -> "package version", for `ecorules plugins`


def plugin_origins() -> dict[str, str]:
    """Every registered plugin, in load order, with the package and version it comes from."""
    get_plugin_manager()
    return dict(_ORIGINS)


@lru_cache(maxsize=1)
def get_plugin_manager() -> tuple[pluggy.PluginManager, tuple[Text, ...]]:
    """The manager and the list of plugins that could not be loaded (one line each)."""
    from ecorules import __version__

    pm = pluggy.PluginManager("ecorules")
    pm.add_hookspecs(hookspecs)
    failures: list[Text] = []
    _ORIGINS.clear()
    for name in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
        _ORIGINS[name] = f"ecorules {__version__}, built in"
    if not autoload_disabled():
        only = {n.strip() for n in os.environ.get("ECORULES_PLUGINS", "").split(",") if n.strip()}
        for ep in entry_points(group="ecorules"):
            if only and ep.name not in only:
                continue
            dist = getattr(ep, "dist", None)
            label = f"{ep.name} ({dist.name} {dist.version})" if dist else ep.name
            plugin = None
            try:
                plugin = ep.load()
                pm.register(plugin, name=ep.name)
                pm.check_pending()
                target = getattr(ep, "value", ep.name)
                _ORIGINS[ep.name] = f"{dist.name} {dist.version}, {target}" if dist else target
            except Exception as exc:  # a broken plugin must not break the tool
                why = f"{type(exc).__name__}: {exc}"
                failures.append(T(f"插件 {label} 无法加载：{why}", f"plugin {label} could not be loaded: {why}"))
                if plugin is not None and pm.is_registered(plugin):
                    pm.unregister(plugin)
    pm.check_pending()  # every hookimpl must match a spec
    return pm, tuple(failures)


def call_each(hook_name: str, registry: object, failures: list[Text]) -> None:
    """Call every implementation of a registration hook on its own, so one plugin's
    exception skips that plugin only."""
    pm, _ = get_plugin_manager()
    caller = getattr(pm.hook, hook_name)
    for impl in caller.get_hookimpls():
        registry.current_plugin = impl.plugin_name  # type: ignore[attr-defined]
        func: Callable[..., object] = impl.function
        try:
            func(registry=registry)
        except Exception as exc:
            why = f"{type(exc).__name__}: {exc}"
            failures.append(
                T(
                    f"插件 {impl.plugin_name} 在 {hook_name} 中出错：{why}",
                    f"plugin {impl.plugin_name} failed in {hook_name}: {why}",
                )
            )


@lru_cache(maxsize=1)
def components() -> Components:  # the registries are imported on first use, to keep --help fast
    from ecorules.registry import Components

    _, load_failures = get_plugin_manager()
    c = Components()
    c.problems.extend(load_failures)
    # Kinds first: rule sets are validated against them.
    call_each("ecorules_register_kinds", c.kinds, c.problems)
    call_each("ecorules_register_rulesets", c.rulesets, c.problems)
    call_each("ecorules_register_adapters", c.adapters, c.problems)
    call_each("ecorules_register_reporters", c.reporters, c.problems)
    call_each("ecorules_register_engines", c.engines, c.problems)
    from ecorules.registry import problem_line

    for plugin, error in c.rulesets.errors:
        c.problems.append(problem_line(plugin, error))
    # A rule set found invalid when it is first used is said there too.
    c.rulesets.problems = c.problems
    return c


def reset() -> None:
    """Forget the loaded plugins (tests; after installing a plugin in-process)."""
    get_plugin_manager.cache_clear()
    components.cache_clear()
