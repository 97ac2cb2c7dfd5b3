"""Errors that end a run with exit code 2 and a message instead of a traceback.

Each error knows where the problem is (file, and sheet/row/column/key where
they apply) so the message can point at it.
"""

from __future__ import annotations

from ecorules.model.text import Lang, Text


class EcorulesError(Exception):
    """Base class: a problem the user can fix. The CLI prints it and exits 2."""

    exit_code = 2

    def __init__(self, message: Text, *, file: str | None = None, where: str | None = None):
        self.message = message
        self.file = file
        self.where = where  # "row 12, column value", "rules[3].condition.op", ...
        super().__init__(self.render("en"))

    def render(self, lang: Lang) -> str:
        prefix = ""
        if self.file:
            prefix = self.file
            if self.where:
                prefix += f": {self.where}"
            prefix += ": "
        elif self.where:
            prefix = f"{self.where}: "
        return prefix + self.message.get(lang)


class InputError(EcorulesError):
    """A submission file cannot be read or is not valid."""


class RulesetError(EcorulesError):
    """A rule set file is not valid. Carries every problem found, not just the first."""

    def __init__(self, file: str, problems: list[tuple[str, str]]):
        self.problems = problems  # (key path, explanation)
        lines = [f"{file}: {key}: {why}" if key else f"{file}: {why}" for key, why in problems]
        n = len(problems)
        super().__init__(
            Text(
                zh=f"规则集无效（{n} 处问题）：\n" + "\n".join(lines),
                en=f"invalid rule set ({n} problem{'s' if n != 1 else ''}):\n" + "\n".join(lines),
            )
        )

    def render(self, lang: Lang) -> str:
        return self.message.get(lang)


class UsageError(EcorulesError):
    """The command line asks for something that does not exist (unknown rule set, format...)."""
