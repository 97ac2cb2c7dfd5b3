"""Bilingual text: everything a user reads exists in Chinese and English."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pydantic is imported when a rule set is validated, not to print a message
    from pydantic import BaseModel, GetCoreSchemaHandler
    from pydantic_core import core_schema

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """A message or label in both languages.

    Building one checks nothing: messages are made from whatever a submission says (an
    empty district name included), and must never fail. Where a rule set declares one
    (``name = { zh = "...", en = "..." }``) both languages are required and neither may
    be blank: a rule set that forgets one is rejected at load time, not discovered in a
    report (see :meth:`__get_pydantic_core_schema__`).
    """

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def __str__(self) -> str:  # for logs and debugging; reports call get()
        return self.en

    def __reduce__(self) -> tuple[type[Text], tuple[str, str]]:
        """Pickled as its two strings (a --jobs worker sends texts back with every result):
        cheaper both ways than the state a frozen data class pickles by default."""
        return type(self), (self.zh, self.en)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        """As a field of a rule-set model: a table with exactly ``zh`` and ``en``, neither blank.
        A ``Text`` instance is taken as it is."""

        from pydantic_core import core_schema

        def validate(value: Any, validate_table: core_schema.ValidatorFunctionWrapHandler) -> Text:
            if isinstance(value, Text):
                return value
            table = validate_table(value)
            return Text(table.zh, table.en)

        return core_schema.no_info_wrap_validator_function(
            validate,
            handler.generate_schema(_declared_text()),
            serialization=core_schema.plain_serializer_function_ser_schema(lambda t: {"zh": t.zh, "en": t.en}),
        )


@lru_cache(maxsize=1)
def _declared_text() -> type[BaseModel]:
    """The rule-set form of :class:`Text`, named like it: validation errors say
    "Input should be a valid dictionary or instance of Text"."""
    from pydantic import BaseModel, ConfigDict, field_validator

    class Text(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

        zh: str
        en: str

        @field_validator("zh", "en")
        @classmethod
        def _not_blank(cls, v: str) -> str:
            if not v.strip():
                raise ValueError("must not be empty")
            return v

    return Text


# The short constructor used where messages are built: T("达标", "met").
T = Text


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe to show on a terminal: control characters (an ESC starting a colour or title
    sequence, a carriage return that overwrites a line) and bidirectional overrides become
    U+FFFD; tabs and line breaks stay. Submissions and rule packs come from many hands."""
    return _CONTROL.sub("\ufffd", text)


def default_lang() -> Lang:
    """The language used when --lang is not given.

    ECORULES_LANG wins; otherwise the usual locale variables decide, so an
    analyst on a Chinese desktop reads Chinese and a CI runner (C.UTF-8) reads
    English without configuration.
    """
    explicit = os.environ.get("ECORULES_LANG", "").strip().lower()
    if explicit in LANGS:
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
