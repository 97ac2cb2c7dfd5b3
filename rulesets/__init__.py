"""The rule sets shipped with ecorules: every ``*.toml`` file in this folder.

Format: ``docs/ruleset-format.md``. This folder installs as the
``ecorules.rulesets`` package; ``ecorules.shipped`` registers its files through
the same hook a third-party plugin uses (``plugins/README.md``).
"""
