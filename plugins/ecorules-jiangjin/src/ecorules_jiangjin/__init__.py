"""Jiangjin District rule set for ecorules: the 2025 carbon targets of
江津府办发〔2022〕57号 (energy use and CO₂ emissions per unit of GDP down at least
16 % and 18 % on 2020).

The rule set is the TOML file in this package; :mod:`ecorules_jiangjin.plugin`
registers it with ecorules through the ``ecorules`` entry-point group.
"""

RULESET_FILES = ("jj-carbon-2025.toml",)
