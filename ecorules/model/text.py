"""Bilingual text: everything a user reads exists in Chinese and English."""

from __future__ import annotations

import os
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


class Text(BaseModel):
    """A message or label in both languages. Both are required: a rule set that
    forgets one is rejected at load time, not discovered in a report."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str
    en: str

    @field_validator("zh", "en")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be empty")
        return v

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def __str__(self) -> str:  # for logs and debugging; reports call get()
        return self.en


def T(zh: str, en: str) -> Text:
    """Short constructor used where messages are built."""
    return Text(zh=zh, en=en)


def default_lang() -> Lang:
    """The language used when --lang is not given.

    ECORULES_LANG wins; otherwise the usual locale variables decide, so an
    analyst on a Chinese desktop reads Chinese and a CI runner (C.UTF-8) reads
    English without configuration.
    """
    explicit = os.environ.get("ECORULES_LANG", "").strip().lower()
    if explicit in LANGS:
        return explicit  # type: ignore[return-value]
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
