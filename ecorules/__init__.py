"""ecorules: check district data submissions against China's ecological-civilization
indicator systems, written as declarative TOML rule sets.

The flow is one-directional::

    input file --adapter--> Submission --engine--> Findings --reporter--> output

The public API is :mod:`ecorules.api`: plugins and programs import from there.
``ecorules.hookimpl`` is kept here too, for plugins written before it existed.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ecorules")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

from ecorules.hookspecs import hookimpl

__all__ = ["__version__", "hookimpl"]
