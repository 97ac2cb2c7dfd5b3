"""Output reporters: CheckResults -> text.

Each reporter is a plugin registering through ``ecorules_register_reporters``.
To add a format, write a module with a class that has ``name``,
``description`` and ``render(results, options) -> str``, and register it with
a ``@hookimpl``. Exit codes are not a reporter's business: see
:mod:`ecorules.gate.policy`.
"""
