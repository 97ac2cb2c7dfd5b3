"""CSV in the long or wide layout (see :mod:`ecorules.adapters.tables`), in UTF-8 (with or without BOM), GB18030/GBK
(what Chinese Windows Excel saves) or UTF-16, detected without flags."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ecorules.adapters.tables import Sheet, TableSize, read_tables
from ecorules.hookspecs import hookimpl
from ecorules.interfaces import ReadOptions
from ecorules.model.errors import InputError
from ecorules.model.files import cannot_read, unknown_encoding
from ecorules.model.problems import Problem
from ecorules.model.submission import Submission
from ecorules.model.text import T

if TYPE_CHECKING:
    from ecorules.model.projects import ProjectLibrary
    from ecorules.registry import AdapterRegistry


def decode(data: bytes, encoding: str | None, source: str) -> str:
    if encoding:
        return _decode_as(data, encoding, source)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_as(data, "utf-16", source)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _decode_as(data, utf16, source)
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
        code="input.encoding",
    )


def _decode_as(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise unknown_encoding(encoding, source) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            T(
                f"无法按 {encoding} 解码（第 {exc.start} 字节：{exc.reason}）",
                f"cannot be decoded as {encoding} (at byte {exc.start}: {exc.reason})",
            ),
            file=source,
            code="input.encoding",
        ) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a byte-order mark (some exports do): CSV text is mostly ASCII, so
    one byte of each pair is NUL. UTF-8 and GB18030 text never holds NUL bytes."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.6 * half and even < 0.1 * half:
        return "utf-16-le"
    if even > 0.6 * half and odd < 0.1 * half:
        return "utf-16-be"
    return None


# What the csv module says of a malformed file, in Chinese.
_CSV_ERRORS_ZH = {
    "',' expected after '\"'": "引号结束后应紧跟逗号",
    "'\t' expected after '\"'": "引号结束后应紧跟制表符",
    "unexpected end of data": "文件在引号内意外结束（缺少结尾的引号）",
    "line contains NUL": "该行含有 NUL 字符",
}


def _csv_error(exc: csv.Error) -> str:
    why = str(exc)
    limit = re.fullmatch(r"field larger than field limit \((\d+)\)", why)
    if limit:
        return f"字段过长（超过 {limit.group(1)} 个字符）"
    return _CSV_ERRORS_ZH.get(why, why)


class CsvAdapter:
    name = "csv"
    extensions = (".csv", ".txt", ".tsv")
    description = T(
        "CSV（长表或宽表；UTF-8、GB18030/GBK、UTF-16 自动识别）",
        "CSV, long or wide layout; UTF-8, GB18030/GBK or UTF-16, detected",
    )

    def read(self, path: Path, options: ReadOptions) -> list[Submission | ProjectLibrary]:
        source = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise cannot_read(exc, source) from None
        if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
            raise InputError(
                T(
                    "这是 Excel 工作簿而不是 CSV；请使用 .xlsx 扩展名或 --input-format xlsx",
                    "this is an Excel workbook, not CSV; name it .xlsx or use --input-format xlsx",
                ),
                file=source,
                code="input.wrong-format",
            )
        text = decode(data, options.encoding, source)
        if not text.strip():
            raise InputError(T("文件为空", "the file is empty"), file=source, code="input.empty")
        first = text.splitlines()[0]
        delimiter = "\t" if "\t" in first and "," not in first else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        sheet = Sheet(source, None)
        size = TableSize(sheet)
        try:
            previous = 0
            for cells in reader:
                size.admit(previous + 1, cells)
                sheet.rows.append((previous + 1, list(cells)))
                previous = reader.line_num
        except csv.Error as exc:
            why = T(f"CSV 格式错误：{_csv_error(exc)}", f"malformed CSV: {exc}")
            raise InputError(
                problems=[Problem(code="input.csv-syntax", message=why, file=source, row=reader.line_num)]
            ) from None
        return read_tables([sheet], source)


@hookimpl
def ecorules_register_adapters(registry: AdapterRegistry) -> None:
    registry.add(CsvAdapter())
