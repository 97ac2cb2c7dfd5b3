"""Text worded when it is read, for the reasons of project-record findings.

A table of 25,600 projects has a hundred thousand record findings, each with a reason such
as ``建设单位：重庆市渝北区生态环境局``. Built eagerly, every reason is a :class:`Text` and
two strings, a third of the memory a large table's check takes. A :class:`Worded` keeps
only what the words are made of (the field's name, shared by the table, and the cell's
text, which the finding holds anyway) and writes them each time a report reads them.

A ``Worded`` is a :class:`Text` in every way a report can tell: ``zh``, ``en``, ``get``,
equality and hashing with plain ``Text`` of the same words, JSON (orjson through
:meth:`Worded.plain`); pickled (a ``--jobs`` worker sending findings back) it becomes a
plain ``Text``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ecorules.model.text import Text

Say = Callable[..., str]  # of the three parts (a, b, c); unused ones are None


class Wording:
    """How one kind of reason is worded, in both languages: two functions of the same (up to
    three) parts, called with all three. Made once per reason a kind can give, as a module
    constant::

        GIVEN = Wording(lambda name, text, *_: f"{name.zh}：{text}", lambda name, text, *_: f"{name.en}: {text}")
        GIVEN(name, cell_text)  # a Text, worded when read
    """

    __slots__ = ("_en", "_zh")

    def __init__(self, zh: Say, en: Say):
        self._zh = zh
        self._en = en

    def __call__(self, a: Any, b: Any = None, c: Any = None) -> Text:
        """The reason for these parts, worded when read."""
        return Worded(self, a, b, c)


class Worded(Text):
    """A :class:`Text` whose two languages are written from its parts when read."""

    __slots__ = ("_a", "_b", "_c", "_wording")
    _wording: Wording
    _a: Any
    _b: Any
    _c: Any

    def __init__(self, wording: Wording, a: Any, b: Any = None, c: Any = None):
        set_ = object.__setattr__  # Text is frozen
        set_(self, "_wording", wording)
        set_(self, "_a", a)
        set_(self, "_b", b)
        set_(self, "_c", c)

    @property
    def zh(self) -> str:
        return self._wording._zh(self._a, self._b, self._c)

    @property
    def en(self) -> str:
        return self._wording._en(self._a, self._b, self._c)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Text):
            return self.zh == other.zh and self.en == other.en
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.zh, self.en))

    def __reduce__(self) -> tuple[type[Text], tuple[str, str]]:
        return Text, (self.zh, self.en)  # a plain Text on the other side

    def plain(self) -> dict[str, str]:
        """As JSON writes a :class:`Text`. orjson does not take a ``Worded`` for a data class (it
        reads a data class's fields as values the object holds, which these are not): an
        encoder hands it this instead, through orjson's ``default``."""
        return {"zh": self.zh, "en": self.en}


__all__ = ["Worded", "Wording"]
