"""ecorules: check district data submissions against China's ecological-civilization
indicator systems, written as declarative TOML rule sets.

The flow is one-directional::

    input file --adapter--> Submission --engine--> Findings --reporter--> output

The public API is :mod:`ecorules.api`: plugins and programs import from there.
``ecorules.hookimpl`` is kept here too, for plugins written before it existed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ecorules.hookspecs import hookimpl

    __version__: str

__all__ = ["__version__", "hookimpl"]


def __getattr__(name: str) -> Any:
    """``__version__`` and ``hookimpl``, looked up when first asked for: importing a module of
    the package (``ecorules --help``) pays neither for the installed packages' metadata nor
    for pluggy."""
    value: Any
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("ecorules")
        except PackageNotFoundError:  # running from a source tree that was never installed
            value = "0.0.0+unknown"
    elif name == "hookimpl":
        from ecorules import hookspecs

        value = hookspecs.hookimpl
    else:
        raise AttributeError(f"module 'ecorules' has no attribute {name!r}")
    globals()[name] = value
    return value
