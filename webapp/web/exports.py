"""The one way tables leave the app for a spreadsheet: formula-safe cells, Excel-ready encoding, never cached."""
import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

from flask import Response

# OWASP's CSV injection rule: a cell starting with one of these may be run by the spreadsheet as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Days a query may ask for: wide enough for any real register, narrow enough that a local day's UTC bounds
# and the day before or after always exist.
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2999, 12, 31)


def safe_cell(value):
    """A cell as a spreadsheet should read it: numbers and dates kept as they are, text that could start a
    formula prefixed with a single quote, None as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal, date)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_text(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def _csv(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([_csv_text(cell) for cell in row])
    # The byte order mark is what makes Excel read the file as UTF-8 (Chinese) rather than the local code page.
    return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(rows):
    """One sheet, formula strings kept as text, each column as wide as its widest cell (Chinese counts double)."""
    import xlsxwriter
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet, widths = book.add_worksheet(), {}
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            text = _csv_text(cell).isoformat() if isinstance(cell, date) and not isinstance(cell, datetime) \
                else _csv_text(cell)
            sheet.write(r, c, float(text) if isinstance(text, Decimal) else text)
            widths[c] = max(widths.get(c, 0), _display_width(str(text)))
    for c, width in widths.items():
        sheet.set_column(c, c, min(60, width + 2))
    book.close()
    return out.getvalue(), XLSX_TYPE


def _display_width(text):
    # Chinese characters take two columns of a spreadsheet's width unit.
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


# One writer per file format; each receives rows of cells already made safe.
FORMATS = {"csv": _csv, "xlsx": _xlsx}


def download(stem, header, rows, fmt="csv"):
    """A table as a file to download, `stem`.`fmt`, every cell made safe (web/headers.py keeps every download
    out of caches)."""
    cells = ([safe_cell(value) for value in row] for row in [header, *rows])
    body, mimetype = FORMATS[fmt](cells)
    return Response(body, content_type=mimetype, headers={"Content-Disposition": attachment(f"{stem}.{fmt}")})


def attachment(filename):
    """A Content-Disposition header value: an ASCII name for every client, the exact one (RFC 5987) when
    it is not plain ASCII."""
    exact = re.sub(r'[\x00-\x1f\x7f"\\/]', "_", filename)
    plain = re.sub(r"[^A-Za-z0-9._-]", "_", exact)
    if plain == exact:
        return f'attachment; filename="{plain}"'
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(exact, safe='')}"


def bounded_day(text, default):
    """The day `text` names (YYYY-MM-DD), moved into the days a query may ask for; `default` if it names none."""
    try:
        day = date.fromisoformat(text) if text else default
    except (TypeError, ValueError):
        return default
    return min(max(day, FIRST_DAY), LAST_DAY)


def day_range(args, default_first, default_last=None):
    """The first and last day (inclusive) of the query's `from` and `to`, bounded; the last never before the
    first. Without `to`, the range ends on `default_last`, or on the first day."""
    first = bounded_day(args.get("from"), default_first)
    last = bounded_day(args.get("to"), default_last or first)
    return first, max(first, last)
