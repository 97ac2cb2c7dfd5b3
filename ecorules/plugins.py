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
import types
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

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

# Built-in plugins that register one component each (hook, component name): registered by
# name and imported when the component is first used for more than its name, so that a
# check with --format json imports neither the other reports nor the durable engine.
# tests/test_startup.py checks that each module's hook registers exactly this component.
DEFERRED_BUILTINS: dict[str, tuple[str, str]] = {
    "ecorules.reporters.text": ("ecorules_register_reporters", "text"),
    "ecorules.reporters.json": ("ecorules_register_reporters", "json"),
    "ecorules.reporters.sarif": ("ecorules_register_reporters", "sarif"),
    "ecorules.reporters.junit": ("ecorules_register_reporters", "junit"),
    "ecorules.reporters.github": ("ecorules_register_reporters", "github"),
    "ecorules.reporters.markdown": ("ecorules_register_reporters", "markdown"),
    "ecorules.reporters.html": ("ecorules_register_reporters", "html"),
    "ecorules.reporters.xlsx": ("ecorules_register_reporters", "xlsx"),
    "ecorules.engine.python": ("ecorules_register_engines", "python"),
    "ecorules.engine.durable": ("ecorules_register_engines", "durable"),
}


class _Collected:
    """A registry that only keeps what a hook adds (to build a deferred component)."""

    def __init__(self) -> None:
        self.added: dict[str, Any] = {}

    def add(self, component: Any) -> None:
        self.added[component.name] = component


class DeferredComponent:
    """Stands for a built-in component until anything but its name is asked for; then its
    module is imported, its hook builds the component, and every attribute is the component's."""

    def __init__(self, module: str, hook: str, name: str) -> None:
        self.name = name
        self._module = module
        self._hook = hook
        self._component: Any = None

    def resolve(self) -> Any:
        if self._component is None:
            collected = _Collected()
            getattr(importlib.import_module(self._module), self._hook)(registry=collected)
            self._component = collected.added[self.name]
        return self._component

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") or attr in ("_module", "_hook", "_component"):
            raise AttributeError(attr)  # copying and pickling, or not yet initialised
        return getattr(self.resolve(), attr)

    def __repr__(self) -> str:
        return f"<{self._hook.removeprefix('ecorules_register_')} {self.name!r} from {self._module}>"


def _builtin(name: str) -> object:
    """The built-in plugin module ``name``, or for a deferred one, a plugin that registers
    its component's stand-in under the same plugin name."""
    if name not in DEFERRED_BUILTINS:
        return importlib.import_module(name)
    hook, component = DEFERRED_BUILTINS[name]

    @hookimpl
    def register(registry: Any) -> None:
        registry.add(DeferredComponent(name, hook, component))

    return types.SimpleNamespace(**{hook: register})


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
        pm.register(_builtin(name), name=name)
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
