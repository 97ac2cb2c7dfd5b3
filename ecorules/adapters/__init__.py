"""Input adapters: files -> :class:`~ecorules.model.submission.Submission`.

Each adapter is a plugin registering through ``ecorules_register_adapters``.
To add a format, write a module with a class that has ``name``,
``extensions``, ``description`` and ``read(path, options)``, and register it
with a ``@hookimpl``; :mod:`ecorules.adapters.records` builds the submission
from located records so a new format only has to read cells.
"""
