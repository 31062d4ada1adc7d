"""Exports cannot attack the reader: formula-safe cells, numbers kept, Excel-ready UTF-8, never cached, and
any date range answered."""
import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from webapp.web.exports import attachment, day_range, safe_cell
from webapp.models.items import create_item_type, lend_items

from . import factories
from .conftest import DESK_HOURS_UTC

FORMULA = '=HYPERLINK("http://x","y")'
RISKY_NAMES = ["+86 王", "-王", "@SUM(A1)", "\t王", "\r王"]


def rows(response):
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", FORMULA])
def test_text_that_a_spreadsheet_would_run_gets_a_leading_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-5, 0, 3.5, -2.25, Decimal("-20.00"), date(2026, 11, 23),
                                   datetime(2026, 11, 23, 10, 0)])
def test_numbers_and_dates_stay_as_they_are_even_negative_ones(value):
    assert safe_cell(value) is value


@pytest.mark.parametrize("text", ["王先生", "1+1", "a=b", " =1", "139-1234-5678", ""])
def test_ordinary_text_passes_unchanged(text):
    assert safe_cell(text) == text


def test_an_empty_value_is_an_empty_cell():
    assert safe_cell(None) == ""


def test_a_chinese_file_name_is_kept_for_browsers_that_read_rfc_5987_with_an_ascii_fallback():
    assert attachment("钥匙登记-HX.csv") == \
        "attachment; filename=\"____-HX.csv\"; filename*=UTF-8''%E9%92%A5%E5%8C%99%E7%99%BB%E8%AE%B0-HX.csv"
    assert attachment('a"b\r\n.csv') == "attachment; filename=\"a_b__.csv\""


@pytest.mark.parametrize("query, expected", [
    ({}, (date(2026, 11, 17), date(2026, 11, 23))),
    ({"from": "2026-11-20", "to": "2026-11-21"}, (date(2026, 11, 20), date(2026, 11, 21))),
    ({"from": "garbage", "to": "\x00"}, (date(2026, 11, 17), date(2026, 11, 23))),
    ({"from": "2026-11-22", "to": "2026-11-01"}, (date(2026, 11, 22), date(2026, 11, 22))),
    ({"from": "0001-01-01", "to": "9999-12-31"}, (date(1970, 1, 1), date(2999, 12, 31))),
])
def test_a_date_range_is_bounded_and_never_runs_backwards(query, expected):
    assert day_range(query, date(2026, 11, 17), date(2026, 11, 23)) == expected


def test_log_export_neutralises_formulas_in_what_residents_and_callers_wrote(client, login, estate, staff):
    factories.ticket(estate, staff["desk"], description=FORMULA)
    for n, name in enumerate(RISKY_NAMES):
        factories.ticket(estate, staff["desk"], contact_name=name, description=f"报修{n}")
    login("desk")
    response = client.get("/log/export.csv?from=2026-11-23&to=2026-11-23")
    header, *lines = rows(response)
    description, contact = header.index("事由"), header.index("联系人")
    assert lines[0][description] == "'" + FORMULA
    assert [line[contact] for line in lines[1:]] == ["'" + name for name in RISKY_NAMES]
    assert response.data.startswith("\ufeff".encode("utf-8"))  # Excel then reads the Chinese as UTF-8


def test_exports_are_downloads_named_after_the_estate_and_days_and_never_cached(client, login, estate, staff):
    login("desk")
    response = client.get("/log/export.csv?from=2026-11-20&to=2026-11-23")
    assert response.headers["Content-Disposition"] == 'attachment; filename="front-desk-log-HX-20261120-20261123.csv"'
    assert response.headers["Cache-Control"] == "no-store"
    register = client.get("/loans/register/items.csv")
    assert register.headers["Content-Disposition"] == 'attachment; filename="items-register-HX-20261117-20261123.csv"'
    assert register.headers["Cache-Control"] == "no-store"


def test_loan_register_neutralises_a_formula_purpose_and_keeps_the_deposit_a_number(client, login, estate, staff):
    umbrellas = create_item_type(estate, "雨伞", 3, deposit=20)
    lend_items(umbrellas.id, staff["desk"], 1, DESK_HOURS_UTC + timedelta(hours=2), holder_kind="staff",
               holder_staff=staff["guard"].id, purpose="=1+1", deposit=Decimal("-20.00"))
    login("desk")
    response = client.get("/loans/register/items.csv?from=2026-11-23&to=2026-11-23")
    header, line = rows(response)
    assert line[header.index("用途")] == "'=1+1"
    assert Decimal(line[header.index("押金（元）")]) == Decimal("-20")  # a number, even negative, is not quoted
    assert response.data.startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("path", ["/log/export.csv", "/loans/register/keys.csv", "/loans/register/items",
                                  "/log/"])
@pytest.mark.parametrize("query", ["from=9999-12-31&to=0001-01-01", "from=0001-01-01&to=9999-12-31",
                                   "from=garbage&to=2026-13-45", "day=9999-12-31", "day=0001-01-01"])
def test_any_date_range_is_answered_not_a_server_error(client, login, path, query):
    login("desk")
    assert client.get(f"{path}?{query}").status_code == 200
