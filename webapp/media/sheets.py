"""An uploaded spreadsheet's bytes as rows of cells: XLSX (openpyxl, read-only, streamed) or CSV (UTF-8 with or
without BOM, or GB18030 as Excel in China saves it), bounded in size, rows and columns whatever the file claims."""
import codecs
import csv
import io
import zipfile

from ..domain import N_, Refused

MAX_BYTES = 8 * 1024 * 1024            # a 20,000-row XLSX is under 1 MB, the CSV about 2 MB
MAX_UNPACKED = 40 * 1024 * 1024        # what an XLSX may unzip to: a zip bomb is refused before it is read
MAX_ROWS = 20_000                      # data rows of a whole upload, every sheet together
MAX_COLUMNS = 30
MAX_ROW_NUMBER = MAX_ROWS + 1_000      # blank rows count too: a sheet claiming a million rows stops here

NOT_A_SPREADSHEET = N_("This file is not a spreadsheet we can read: upload an .xlsx file or a CSV file.")
TOO_MANY_ROWS = N_("The file has more than %(limit)s rows: split it into several files.")


def read_upload(data, kind, sheet_names, kinds):
    """{kind: [(row number, [cell values])]} of an uploaded file. `sheet_names` maps a sheet's title (lower
    case) to the kind it holds; a file of one sheet, or a CSV, holds `kind` (one of `kinds`)."""
    if len(data) > MAX_BYTES:
        raise Refused(N_("The file is larger than %(mb)s MB."), mb=MAX_BYTES // (1024 * 1024))
    if not data.strip():
        raise Refused(N_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, kind, sheet_names)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise Refused(N_("This is an old Excel file (.xls): save it as .xlsx or as CSV and upload that."))
    if kind not in kinds:
        raise Refused(N_("Choose what the CSV file holds: buildings, units or staff."))
    return {kind: _read_csv(data)}


def _read_xlsx(data, kind, sheet_names):
    from openpyxl import load_workbook
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(entry.file_size for entry in archive.infolist()) > MAX_UNPACKED:
                raise Refused(N_("The spreadsheet unpacks to more than %(mb)s MB: split it into several files."),
                              mb=MAX_UNPACKED // (1024 * 1024))
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Refused:
        raise
    except Exception:  # openpyxl fails in many ways on a damaged file; each means the same to the uploader
        raise Refused(NOT_A_SPREADSHEET) from None
    try:
        return _sheets_of(book, kind, sheet_names)
    except Refused:
        raise
    except Exception:
        raise Refused(NOT_A_SPREADSHEET) from None
    finally:
        book.close()


def _sheets_of(book, kind, sheet_names):
    named = [(sheet_names.get(sheet.title.strip().lower()), sheet) for sheet in book.worksheets]
    chosen = [(k, sheet) for k, sheet in named if k]
    if not chosen and len(named) == 1 and kind:
        chosen = [(kind, named[0][1])]
    if not chosen:
        raise Refused(N_("Name the sheets 楼栋, 房屋 and 员工 (or buildings, units, staff), or upload a file of "
                         "one sheet and choose what it holds."))
    sheets, budget = {}, MAX_ROWS
    for k, sheet in chosen:
        if k in sheets:
            raise Refused(N_("Two sheets hold the same kind of rows: keep one of them."))
        sheets[k] = _bounded(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), budget)
        budget -= max(len(sheets[k]) - 1, 0)
    return sheets


def _bounded(rows, budget):
    """The non-blank rows with their numbers (the header and at most `budget` data rows)."""
    kept = []
    for number, cells in enumerate(rows, 1):
        if number > MAX_ROW_NUMBER:
            raise Refused(TOO_MANY_ROWS, limit=MAX_ROWS)
        cells = list(cells[:MAX_COLUMNS])
        if any(cell is not None and str(cell).strip() for cell in cells):
            kept.append((number, cells))
            if len(kept) > budget + 1:
                raise Refused(TOO_MANY_ROWS, limit=MAX_ROWS)
    return kept


def _read_csv(data):
    if b"\x00" in data:
        raise Refused(N_("This file is not a CSV file of text: in Excel, save it as “CSV UTF-8” or “CSV”."))
    text = _decoded(data)
    try:
        return _bounded(csv.reader(io.StringIO(text, newline="")), MAX_ROWS)
    except csv.Error:
        raise Refused(NOT_A_SPREADSHEET) from None


def _decoded(data):
    if data.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig",)
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Refused(N_("The CSV file is neither UTF-8 nor GBK: in Excel, save it as “CSV UTF-8”."))


def write_xlsx(sheets):
    """An XLSX file's bytes with a sheet per {title: rows}."""
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
