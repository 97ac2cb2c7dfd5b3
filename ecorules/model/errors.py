"""Errors that end a run with exit code 2 and a message instead of a traceback.

An error carries one or more :class:`~ecorules.model.problems.Problem`\\ s: each has a
stable code, where it is (file, sheet, row, column, cell, or key and line) and its
message in both languages, so the message points at what to fix, wholly in the
chosen language.
"""

from __future__ import annotations

from dataclasses import replace

from ecorules.model.problems import Problem
from ecorules.model.text import Lang, T, Text


class EcorulesError(Exception):
    """Base class: a problem the user can fix. The CLI prints it and exits 2."""

    exit_code = 2
    code = "error"  # the problem code when a raise site gives none

    def __init__(
        self,
        message: Text | None = None,
        *,
        file: str | None = None,
        where: str | None = None,
        code: str | None = None,
        problems: list[Problem] | None = None,
        heading: Text | None = None,
    ):
        if problems is None:
            assert message is not None, "an error needs a message or problems"
            problems = [Problem(code=code or self.code, message=message, file=file, where=where)]
            file = None
        self.problems = problems
        self.heading = heading  # said above the problems when there are several: "invalid rule set (3 problems):"
        # With problems and a heading, ``file`` is the one file they are all in: said once, before
        # the heading, and the problems below it are indented without it.
        self._heading_file = file if heading is not None else None
        super().__init__(self.render("en"))

    @property
    def message(self) -> Text:
        """The message without the location (the whole listing when there are several problems)."""
        if self.heading is None and len(self.problems) == 1:
            return self.problems[0].message
        return T(self.render("zh"), self.render("en"))

    @property
    def file(self) -> str | None:
        return self.problems[0].file if self.problems else None

    @property
    def where(self) -> str | None:
        """Where the first problem is, in the file, in English: 'row 12, column B (key)', a
        JSON pointer, a key path."""
        if not self.problems:
            return None
        return self.problems[0].position("en") or None

    def render(self, lang: Lang) -> str:
        """The whole message in one language: a problem a line, under the heading if there is one
        ('file: heading:' then '  position: message' when the problems share one file)."""
        if self.heading is not None and self._heading_file is not None:
            lines = [f"{self._heading_file}: {self.heading.get(lang)}"]
            lines += [f"  {p.render(lang, with_file=False)}" for p in self.problems]
            return "\n".join(lines)
        lines = [p.render(lang) for p in self.problems]
        if self.heading is not None:
            lines.insert(0, self.heading.get(lang))
        return "\n".join(lines)


class InputError(EcorulesError):
    """A submission file cannot be read or is not valid."""

    code = "input.invalid"


def _counted(n: int, zh: str, en: str) -> Text:
    return T(f"{zh}（{n} 处问题）：", f"{en} ({n} problem{'s' if n != 1 else ''}):")


class RulesetError(EcorulesError):
    """A rule set file is not valid. Carries every problem found, not just the first."""

    code = "ruleset.invalid"

    def __init__(self, file: str, problems: list[Problem]):
        problems = [p if p.file else replace(p, file=file) for p in problems]
        super().__init__(problems=problems, heading=_counted(len(problems), "规则集无效", "invalid rule set"))


class UsageError(EcorulesError):
    """The command line asks for something that does not exist (unknown rule set, format...)."""

    code = "usage.invalid"


__all__ = ["EcorulesError", "InputError", "Problem", "RulesetError", "UsageError"]
