"""Evaluation: a rule set compiled into a plan, submissions run through it.

Backends register through the ``ecorules_register_engines`` hook; the default
``python`` backend evaluates the compiled plan directly.
"""
