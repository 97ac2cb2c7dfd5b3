"""Chongqing rule sets for ecorules: the municipality's 2025 and 2027 targets of the
ecology-first green development action (推进生态优先绿色发展行动).

The rule sets are the TOML files in this package; :mod:`ecorules_chongqing.plugin`
registers them with ecorules through the ``ecorules`` entry-point group.
"""

RULESET_FILES = ("cq-eco-2025.toml", "cq-eco-2027.toml")
