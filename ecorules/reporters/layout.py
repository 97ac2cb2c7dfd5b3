"""Fitting text to a terminal: display width (a CJK character takes two columns, a combining
mark none), wrapping inside a column, and sharing a line's width between a table's columns.

Measured with :mod:`unicodedata` alone: a report needs no terminal library to know how wide
"空气质量优良天数比例" is, and a piped report stays plain text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# The narrowest a wrapped column gets: a status word or a short number still fits.
MIN_COLUMN = 8
GAP = "  "

# A run of characters that wraps as one word: Latin letters, digits and the signs that stick
# to them (87.9%, ≥20); a word may break after a hyphen or a slash (eco-/environmental,
# μg/m³); every wide (CJK) character is a word of its own.
_WIDE = "\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
_TOKEN = re.compile(rf"\s+|[^\s{_WIDE}\-/]*[-/]+|[^\s{_WIDE}]+|.")


# Chinese punctuation that may not start a line (禁则): it follows the character before it.
_NO_LINE_START = frozenset("）》」』】〕，。、；：！？…—")
_NO_LINE_END = frozenset("（《「『【〔")
# The characters of a narrow word, which a closing mark takes along whole ("（2）").
_WORD_CHARS = "".join(chr(c) for c in range(0x21, 0x7F)) + "%‰°μ²³"


def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    if text.isascii():
        return len(text)
    return sum(char_width(ch) for ch in text)


def pad(text: str, to: int) -> str:
    return text + " " * max(0, to - width(text))


def _split_long(word: str, cols: int) -> list[str]:
    """A word wider than the column, cut at the column's width."""
    pieces, piece, used = [], "", 0
    for ch in word:
        w = char_width(ch)
        if piece and used + w > cols:
            pieces.append(piece)
            piece, used = "", 0
        piece += ch
        used += w
    return [*pieces, piece] if piece else pieces


def wrap(text: str, cols: int | None, first: int | None = None) -> list[str]:
    """``text`` as lines no wider than ``cols`` (None: one line), the first no wider than
    ``first`` when given; broken between words, between CJK characters, and inside a word
    only when it is wider than the line. A closing mark (）。，) never starts a line and an
    opening one (（《) never ends it: they move with their neighbour."""
    if cols is None or width(text) <= (cols if first is None else min(cols, first)):
        return [text]
    cols = max(cols, 1)
    lines: list[str] = []
    line, used = "", 0

    def limit() -> int:
        return max(first, 1) if first is not None and not lines else cols

    for token in _TOKEN.findall(text):
        w = width(token)
        if token.isspace():
            if line and used + w <= limit():
                line += token
                used += w
            elif line:
                lines.append(line.rstrip())
                line, used = "", 0
            continue
        if used + w > limit() and line.strip():
            carried = ""
            while (carried or token)[0] in _NO_LINE_START:  # take the neighbour along, and its own
                cut = len(line) - 1 if width(line[-1]) == 2 else len(line.rstrip(_WORD_CHARS))
                if not 0 < cut < len(line):
                    break
                line, carried = line[:cut], line[cut:] + carried
            while len(line) > 1 and line[-1] in _NO_LINE_END:
                line, carried = line[:-1], line[-1] + carried
            if width(carried) + w > cols or not line.strip():  # no room below: break where it was
                line, carried = line + carried, ""
            lines.append(line.rstrip())
            line, used = carried, width(carried)
        if w > limit():
            head, *tail = _split_long(token, limit())
            pieces = [head, *_split_long("".join(tail), cols)] if tail else [head]
            *full, rest = pieces
            lines.extend(full)
            line, used = rest, width(rest)
            continue
        line += token
        used += w
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def wrap_indented(text: str, cols: int | None, first: str, rest: str) -> list[str]:
    """A paragraph starting with ``first`` and continued under ``rest`` (hanging indent)."""
    if cols is None:
        return [first + text]
    lines = wrap(text, max(cols - width(rest), MIN_COLUMN), max(cols - width(first), MIN_COLUMN))
    return [first + lines[0], *(rest + line for line in lines[1:])]


def fit_columns(natural: Sequence[int], floors: Sequence[int | None], total: int | None) -> list[int]:
    """Widths for a table's columns so that a row with :data:`GAP` between them fits in
    ``total`` columns. A column whose floor is None keeps its width; the others give up
    columns, the widest first, down to their floor (or their own width, if narrower)."""
    widths = list(natural)
    if total is None:
        return widths
    budget = total - width(GAP) * (len(widths) - 1)
    floor = [w if f is None else min(w, f) for w, f in zip(widths, floors, strict=True)]
    while sum(widths) > budget:
        shrinkable = [i for i, w in enumerate(widths) if w > floor[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i] - floor[i])
        widths[widest] -= 1
    return widths


def table_lines(rows: Sequence[Sequence[str]], widths: Sequence[int | None]) -> list[list[str]]:
    """Each row as its lines: every cell wrapped inside its column, cells side by side (a
    column of width None is neither wrapped nor padded)."""
    out = []
    for row in rows:
        cells = [wrap(cell, w) for cell, w in zip(row, widths, strict=True)]
        height = max(len(c) for c in cells)
        lines = []
        for k in range(height):
            parts = [c[k] if k < len(c) else "" for c in cells]
            lines.append(
                GAP.join(p if widths[j] is None else pad(p, widths[j] or 0) for j, p in enumerate(parts)).rstrip()
            )
        out.append(lines)
    return out


__all__ = ["GAP", "MIN_COLUMN", "fit_columns", "pad", "table_lines", "width", "wrap", "wrap_indented"]
