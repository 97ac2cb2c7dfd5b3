"""The gate: what decides whether a finding fails the run.

- :mod:`~ecorules.gate.waivers`: waivers with a reason and an expiry date;
- :mod:`~ecorules.gate.baseline`: a baseline of known findings, so only new ones fail;
- :mod:`~ecorules.gate.policy`: the exit codes (the only place they are decided).
"""
