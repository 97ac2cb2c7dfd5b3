"""The commands besides ``check``: what they compute, apart from the command line.

- :mod:`~ecorules.commands.explain`, :mod:`~ecorules.commands.explain_projects`:
  ``explain RULE`` and ``rulesets show`` (examples checked through the selected engine);
- :mod:`~ecorules.commands.template`: ``template``, a fill-in workbook for a rule set;
- :mod:`~ecorules.commands.lint`: ``lint-ruleset``, every problem of a rule-set file.
"""
