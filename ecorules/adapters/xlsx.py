"""Excel workbooks (.xlsx, .xlsm) in the long or wide layout, read with openpyxl in
read-only mode (the file is never written, and large workbooks stream).

Every sheet with a header row is read (see :mod:`ecorules.adapters.tables`);
each value keeps its sheet and cell name (``表4!E12``). Cells are read as Excel
shows them, not as it stores them: a cell formatted as a percentage holding
0.879 is 87.9 %, and a float such as 82.19999999999999 left by a formula is
82.2.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecorules.adapters.tables import Sheet, TableSize, read_tables
from ecorules.hookspecs import hookimpl
from ecorules.interfaces import ReadOptions
from ecorules.model import limits
from ecorules.model.errors import EcorulesError, InputError
from ecorules.model.files import cannot_read
from ecorules.model.submission import Submission
from ecorules.model.text import T

if TYPE_CHECKING:
    from ecorules.model.projects import ProjectLibrary
    from ecorules.registry import AdapterRegistry

# The OLE2 container: legacy .xls, and also what Excel saves a password-protected .xlsx in.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def cell_value(value: object, number_format: str | None) -> object:
    """A cell's value as the sheet shows it, ready for :func:`ecorules.model.values.parse_value`."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        # 15 significant digits is what Excel displays; drop binary noise from formulas.
        number = Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)
        if number_format and "%" in number_format.replace('"%"', "").replace("\\%", ""):
            return f"{(number * 100).normalize():f}%"
        return f"{number.normalize():f}" if number == number.to_integral() else f"{number:f}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return str(value)
    return value


def _damaged(source: str, exc: BaseException) -> InputError:
    """A workbook that cannot be opened or read, with what the reader said of it."""
    return _unreadable(
        source,
        "input.damaged-workbook",
        f"工作簿已损坏或无法读取（{type(exc).__name__}: {exc}）；请用 Excel 打开并另存后再试",
        f"the workbook is damaged or cannot be read ({type(exc).__name__}: {exc}); "
        "open it in Excel, save it again and retry",
    )


def _unreadable(source: str, code: str, zh: str, en: str) -> InputError:
    return InputError(T(zh, en), file=source, code=code)


def read_workbook(path: Path) -> list[Sheet]:
    """Every worksheet as a :class:`Sheet`; a clear error for a file that is not a readable workbook."""
    import openpyxl  # imported here: only xlsx input pays for it

    source = str(path)
    try:
        with path.open("rb") as fh:
            magic = fh.read(8)
    except OSError as exc:
        raise cannot_read(exc, source) from None
    if magic == OLE2_MAGIC:
        raise _unreadable(
            source,
            "input.old-or-protected-workbook",
            "工作簿设有打开密码，或是旧版 .xls 格式：请取消密码（文件 > 信息 > 保护工作簿）或另存为 .xlsx 后再检查",
            "the workbook is password-protected or in the old .xls format: remove the password "
            "(File > Info > Protect Workbook) or save it as .xlsx, then check it again",
        )
    if not magic.startswith(b"PK"):
        raise _unreadable(
            source,
            "input.wrong-format",
            "不是 Excel 工作簿（.xlsx 文件应为 ZIP 格式）；若是 CSV，请用 --input-format csv",
            "not an Excel workbook (an .xlsx file is a ZIP archive); if it is CSV, use --input-format csv",
        )
    _check_archive(path, source)
    # A file object, not the path: openpyxl refuses names not ending in .xlsx, and
    # --input-format xlsx must read a workbook whatever it is called.
    # The errors are raised outside the except blocks: an exception raised in one keeps the
    # original as its __context__, and with it openpyxl's half-run XML parser, which CPython
    # 3.12.1 crashes on when it collects it at exit.
    damaged: InputError | None = None
    with path.open("rb") as fh:
        try:
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except EcorulesError:
            raise
        except Exception as exc:
            damaged = _damaged(source, exc)
        if damaged is None:
            try:
                worksheets = [ws for ws in wb.worksheets if hasattr(ws, "iter_rows")]  # not chart sheets
                if len(worksheets) > limits.current().sheets:
                    raise limits.exceeded(
                        "sheets",
                        source,
                        T(f"工作簿有 {len(worksheets)} 个工作表", f"the workbook has {len(worksheets)} worksheets"),
                    )
                sheets = [_sheet(ws, source) for ws in worksheets]
            except EcorulesError:
                raise
            except Exception as exc:
                damaged = _damaged(source, exc)
            finally:
                wb.close()
    if damaged is not None:
        raise damaged
    if not any(s.rows for s in sheets):
        raise _unreadable(source, "input.empty", "工作簿中没有任何数据", "the workbook has no data in any sheet")
    return sheets


def _merged_ranges(ws: Any) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges as (first row, first column index, last row, last column
    index). openpyxl's read-only mode streams cells and skips the ``<mergeCells>`` element,
    so it is read from the sheet's XML here; without it a merged category or project name
    would belong to its first row only."""
    from openpyxl.utils.cell import range_boundaries

    get_source = getattr(ws, "_get_source", None)
    if get_source is None:  # a future openpyxl without it: blank cells still continue where a rule set says so
        return []
    # Found by pattern, not by an XML parser: the sheet's cells are parsed by openpyxl, which
    # reports damage; a second parser left half-way through a damaged sheet has crashed the
    # interpreter at exit (Python 3.12.1).
    with get_source() as xml:
        data = xml.read()
    out = []
    for match in _MERGE_CELL.finditer(data):
        try:
            min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode("ascii", "replace"))
        except (ValueError, TypeError):
            continue  # not a cell range: nothing merged
        # a whole row or column (A:A, 1:1) is no cell range
        if min_col is not None and min_row is not None and max_col is not None and max_row is not None:
            out.append((min_row, min_col - 1, max_row, max_col - 1))
    return out


_MERGE_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=[\"']([^\"']+)[\"']")


def _check_archive(path: Path, source: str) -> None:
    """Refuse a workbook whose archive would unpack to too much (the limits ``archive-mb``,
    ``archive-ratio`` and ``archive-parts``: an .xlsx file is a ZIP archive, and a few
    kilobytes can unpack to gigabytes), or uses a compression method openpyxl cannot read,
    from the sizes its directory declares (zipfile never inflates a member beyond its
    declared size)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _damaged(source, exc) from None
    allowed = limits.current()
    total = sum(m.file_size for m in members)
    if len(members) > allowed.archive_parts:
        raise limits.exceeded(
            "archive-parts",
            source,
            T(
                f"工作簿的压缩包有 {len(members)} 个部件，未读取",
                f"the workbook's archive holds {len(members)} parts; it was not read",
            ),
        )
    if total > allowed.archive_mb * 1024 * 1024:
        raise limits.exceeded(
            "archive-mb",
            source,
            T(
                f"工作簿解压后过大（共 {total // (1024 * 1024)} MB），未解压",
                f"the workbook would unpack to too much ({total // (1024 * 1024)} MB in all); it was not inflated",
            ),
        )
    # XML compresses about 10:1; a part over a megabyte compressed far better is a bomb
    packed = next(
        (
            m
            for m in members
            if m.file_size > 1024 * 1024 and m.file_size > allowed.archive_ratio * max(m.compress_size, 1)
        ),
        None,
    )
    if packed is not None:
        ratio = packed.file_size // max(packed.compress_size, 1)
        raise limits.exceeded(
            "archive-ratio",
            source,
            T(
                f"工作簿解压后过大（部件 {packed.filename} 的压缩比异常，{ratio}:1），未解压",
                f"the workbook would unpack to too much (its part {packed.filename} is compressed {ratio}:1); "
                "it was not inflated",
            ),
        )
    unsupported = [m.filename for m in members if m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)]
    if unsupported:
        raise _unreadable(
            source,
            "input.damaged-workbook",
            f"工作簿使用了不支持的压缩方式（{unsupported[0]}）；请用 Excel 另存后再试",
            f"the workbook uses a compression method Excel does not write ({unsupported[0]}); save it again in Excel",
        )


def _sheet(ws: Any, source: str) -> Sheet:  # a read-only worksheet (the stubs type only Worksheet)
    sheet = Sheet(source, ws.title, merged=_merged_ranges(ws))
    if hasattr(ws, "reset_dimensions"):
        # The range a sheet declares (<dimension ref="A1:XFD1048576"/>) is not trusted: read
        # as declared, every row would be padded to 16,384 cells a million times.
        ws.reset_dimensions()
    rows = ws.iter_rows()
    size = TableSize(sheet)
    try:
        for row in rows:
            # Empty cells carry no position; a row with none but empty cells holds nothing.
            number = next((c.row for c in row if getattr(c, "row", None)), None)
            if number is None:
                continue
            cells = [cell_value(c.value, getattr(c, "number_format", None)) for c in row]
            if any(c is not None and c != "" for c in cells):
                size.admit(number, cells)
                sheet.rows.append((number, cells))
    finally:
        # a parser stopped half-way through damaged XML is closed now, not at the interpreter's exit
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    return sheet


class XlsxAdapter:
    name = "xlsx"
    extensions = (".xlsx", ".xlsm")
    description = T(
        "Excel 工作簿（长表或宽表，保留工作表与单元格位置）",
        "Excel workbook, long or wide layout, with sheet and cell locations",
    )

    def read(self, path: Path, options: ReadOptions) -> list[Submission | ProjectLibrary]:
        source = str(path)
        return read_tables(read_workbook(path), source)


@hookimpl
def ecorules_register_adapters(registry: AdapterRegistry) -> None:
    registry.add(XlsxAdapter())
