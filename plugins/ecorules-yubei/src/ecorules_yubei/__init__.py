"""Yubei District rule pack for ecorules: the plan's own targets for 2025 and 2030, the last
two columns of Table 4 of 《重庆市渝北区生态文明建设示范区建设规划（2023—2030年）（修编）》.

A numeric target (urban sewage collection 72 % by 2025) is checked as a planned target:
reached is met, short of it before the year it is due is *in progress*, short of it from that
year on is not met. A target that repeats the indicator system's wording (建立, 完成上级规定的
考核任务, 保持稳定 …) is checked like the system's rule.

The rule set is the TOML file in this package; :mod:`ecorules_yubei.plugin` registers it
with ecorules through the ``ecorules`` entry-point group.
"""

RULESET_FILES = ("cq-yubei-plan-targets.toml",)
