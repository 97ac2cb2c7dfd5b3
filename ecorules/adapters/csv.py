"""CSV in the canonical long layout, in UTF-8 (with or without BOM), GB18030/GBK
(what Chinese Windows Excel saves) or UTF-16, detected without flags."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ecorules.adapters.records import FIELDS, Record, build_submission, header_field
from ecorules.errors import InputError
from ecorules.plugins import hookimpl
from ecorules.registry import ReadOptions
from ecorules.submission import Location, Submission
from ecorules.text import T


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the cell name a spreadsheet shows for this column."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def decode(data: bytes, encoding: str | None, source: str) -> str:
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise InputError(T(f"未知的编码「{encoding}」", f"unknown encoding {encoding!r}"), file=source) from None
        except UnicodeDecodeError as exc:
            raise InputError(
                T(
                    f"无法按 {encoding} 解码（第 {exc.start} 字节）",
                    f"cannot be decoded as {encoding} (at byte {exc.start})",
                ),
                file=source,
            ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for candidate in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    raise InputError(
        T(
            "无法识别文件编码（已尝试 UTF-8、GB18030）；请用 --encoding 指定",
            "cannot tell the text encoding (tried UTF-8, GB18030); give one with --encoding",
        ),
        file=source,
    )


class CsvAdapter:
    name = "csv"
    extensions = (".csv", ".txt")
    description = T("CSV（规范长表：每行一个数值）", "CSV, canonical long layout (one value per row)")

    def read(self, path: Path, options: ReadOptions) -> Submission:
        source = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(
                T(f"无法读取文件：{exc.strerror}", f"cannot read the file: {exc.strerror}"), file=source
            ) from None
        text = decode(data, options.encoding, source)
        if not text.strip():
            raise InputError(T("文件为空", "the file is empty"), file=source)
        delimiter = "\t" if "\t" in text.splitlines()[0] and "," not in text.splitlines()[0] else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            rows = self._rows(reader)
        except csv.Error as exc:
            raise InputError(
                T(f"CSV 格式错误：{exc}", f"malformed CSV: {exc}"), file=source, where=f"row {reader.line_num}"
            ) from None
        return build_submission(self._records(rows, source), source)

    @staticmethod
    def _rows(reader) -> list[tuple[int, list[str]]]:
        rows, previous = [], 0
        for cells in reader:
            start = previous + 1
            previous = reader.line_num
            rows.append((start, cells))
        return rows

    @staticmethod
    def _records(rows: list[tuple[int, list[str]]], source: str) -> list[Record]:
        body = [(n, cells) for n, cells in rows if any(c.strip() for c in cells)]
        if not body:
            raise InputError(T("文件中没有数据行", "the file has no rows"), file=source)
        header_line, header = body[0]
        columns: dict[int, str] = {}
        problems = []
        for i, name in enumerate(header):
            if not name.strip():
                continue
            field = header_field(name)
            if field is None:
                problems.append(
                    f"column {column_letter(i)} {name!r} is not a known column (known: {', '.join(FIELDS)})"
                )
            elif field in columns.values():
                problems.append(f"column {column_letter(i)} {name!r} repeats the {field} column")
            else:
                columns[i] = field
        for required in ("key", "value"):
            if required not in columns.values():
                problems.append(f"no {required!r} column in the header")
        if problems:
            listing = "\n  ".join(problems)
            raise InputError(
                T(f"表头有误：\n  {listing}", f"the header row is not valid:\n  {listing}"),
                file=source,
                where=f"row {header_line}",
            )
        records = []
        for line, cells in body[1:]:
            rec = Record(location=Location(file=source, row=line))
            for i, field in columns.items():
                raw = cells[i] if i < len(cells) else ""
                rec.cells[field] = (
                    raw,
                    Location(file=source, row=line, column=header[i].strip(), cell=f"{column_letter(i)}{line}"),
                )
            records.append(rec)
        return records


@hookimpl
def ecorules_register_adapters(registry) -> None:
    registry.add(CsvAdapter())
