"""The model: the vocabulary every layer shares, validated at the edges.

- :mod:`~ecorules.model.text`: bilingual text (everything a user reads);
- :mod:`~ecorules.model.values`, :mod:`~ecorules.model.numbers`: one cell read into a typed
  value, exact numbers and bounds;
- :mod:`~ecorules.model.submission`, :mod:`~ecorules.model.projects`: the records adapters
  produce (an indicator submission, a table of projects), each value with its location;
- :mod:`~ecorules.model.ruleset`, :mod:`~ecorules.model.project_ruleset`,
  :mod:`~ecorules.model.condition`: what a TOML rule set may say (pydantic, validated on load);
- :mod:`~ecorules.model.findings`: findings, per-indicator verdicts, the summary, results;
- :mod:`~ecorules.model.fingerprints`: a finding's stable identity (baselines, SARIF);
- :mod:`~ecorules.model.errors`: what ends a run with exit 2 and a message;
- :mod:`~ecorules.model.files`: reading and writing files safely.

Nothing here imports from another layer of ecorules.
"""
