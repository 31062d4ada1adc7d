"""The monthly report over HTTP: figures as the domain defines them, the tickets behind each, roles, exports."""
import csv
import io
import re
from datetime import datetime

import pytest
from openpyxl import load_workbook

from webapp import clock
from webapp.domain import kpis
from webapp.models import Building, Ticket
from webapp.models.handling import advance, finish, revisit

from . import factories

NOVEMBER = "/reports/monthly?month=2026-11"


def _at(day, hour, minute=0):
    return clock.frozen_at(datetime(2026, 11, day, hour, minute))


@pytest.fixture
def month(estate, staff):
    """November: two repairs (one fixed in 2 h, one in 30 h), two complaints (one handled), one help request."""
    with _at(10, 2):
        quick = factories.ticket(estate, staff["desk"], kind="repair", category="plumbing")
        slow = factories.ticket(estate, staff["desk"], kind="repair", category="electrical", unit="2-101")
        handled = factories.ticket(estate, staff["desk"], kind="complaint", unit="1-102")
        waiting = factories.ticket(estate, staff["desk"], kind="complaint", unit="1-201")
        helped = factories.ticket(estate, staff["desk"], kind="help", unit="1-202")
    with _at(10, 2, 20):
        advance(quick.id, staff["eng"], "accept")
        advance(slow.id, staff["eng2"], "accept")
    with _at(10, 2, 50):
        advance(quick.id, staff["eng"], "arrive")
    with _at(10, 4):
        finish(quick.id, staff["eng"], "换了阀门")
        finish(handled.id, staff["desk"], "已向业主道歉并处理")
    with _at(11, 8):
        finish(slow.id, staff["eng2"], "更换开关")           # 30 h after it was taken
    with _at(12, 2):
        revisit(quick.id, staff["desk"], True, 5)
        revisit(slow.id, staff["desk"], True, 2)
    with clock.frozen_at(datetime(2026, 10, 15, 2, 0)):
        factories.ticket(estate, staff["desk"], kind="repair")  # the previous period
    return dict(quick=quick, slow=slow, handled=handled, waiting=waiting, helped=helped)


def _kpi(page, code):
    found = re.search(rf'data-kpi="{code}">([^<]*)<', page)
    return found.group(1)


def test_key_figures_are_the_domains_formulas(client, login, month):
    login("cshead")
    page = client.get(NOVEMBER).get_data(as_text=True)
    # complaints: 2 valid, 1 handled → 1 / 2
    assert _kpi(page, "complaint_handling") == f"{kpis.complaint_handling_rate(1, 2)}%" == "50.0%"
    # repairs done: 2 h ≤ 24 h, 30 h > 24 h → 1 / 2
    assert _kpi(page, "repair_timeliness") == f"{kpis.repair_timeliness_rate(1, 2)}%" == "50.0%"
    # ratings 5 and 2: one satisfied of two; average (5 + 2) / 2
    assert _kpi(page, "satisfaction") == "50.0%"
    assert _kpi(page, "average_satisfaction") == "3.5"
    # 2 complaints × 100 / 12 units
    assert _kpi(page, "complaints_per_100") == f"{kpis.complaints_per_100_units(2, 12)}" == "16.67"
    assert "Valid complaint handling rate" in page or "有效投诉处理率" in page
    assert 'data-figure="total">5<' in page


def test_report_shows_the_previous_period_beside(client, login, month):
    login("head")
    page = client.get(NOVEMBER).get_data(as_text=True)
    assert re.search(r"data-figure=\"total\">5</a>\s*\([^)]*: 1\)", page)


def test_each_figure_opens_the_tickets_behind_it(client, login, month):
    login("cshead")
    page = client.get(NOVEMBER).get_data(as_text=True)
    link = re.search(r'href="([^"]+)" data-kpi="repair_timeliness"', page).group(1).replace("&amp;", "&")
    listed = client.get(link).get_data(as_text=True)
    assert month["quick"].number in listed and month["slow"].number in listed
    assert month["handled"].number not in listed and month["helped"].number not in listed
    satisfied = re.search(r'href="([^"]+)" data-kpi="satisfaction"', page).group(1).replace("&amp;", "&")
    listed = client.get(satisfied).get_data(as_text=True)
    assert month["quick"].number in listed and month["slow"].number not in listed


def test_a_guard_may_not_see_the_report(client, login, month):
    login("guard")
    assert client.get(NOVEMBER).status_code == 403
    assert client.get("/reports/tickets").status_code == 403


def test_another_estates_report_is_not_found(client, login, month):
    other = factories.estate(code="YH", name="怡和花园")
    login("cshead")
    assert client.get(f"{NOVEMBER}&estate={other.id}").status_code == 404
    assert client.get(f"/reports/tickets?estate={other.id}").status_code == 404


def test_csv_is_formula_safe(client, login, month):
    Building.update(name="=1+1号楼").where(Building.number == 1).execute()
    login("cshead")
    response = client.get(f"{NOVEMBER}&format=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    cells = [cell for row in rows for cell in row]
    assert "'=1+1号楼" in cells and "=1+1号楼" not in cells


def test_xlsx_holds_the_same_figures(client, login, month):
    login("admin")
    page = client.get(NOVEMBER).get_data(as_text=True)
    sheet = load_workbook(io.BytesIO(client.get(f"{NOVEMBER}&format=xlsx").data)).active
    values = {row[1]: row[2] for row in sheet.iter_rows(values_only=True)}
    timeliness = values.get("Repair timeliness rate", values.get("维修及时率"))
    assert timeliness == float(_kpi(page, "repair_timeliness").rstrip("%")) == 50.0
    assert values.get("Tickets", values.get("处理单")) == 5


@pytest.mark.parametrize("query", ["month=abc", "month=99999-99", "from=2026-13-45&to=x",
                                   "from=0001-01-01&to=9999-12-31",
                                   "estate=abc", "estate=all", "format=pdf", "month=2026-11&estate=all"])
def test_odd_queries_never_break_the_report(client, login, month, query):
    login("head")
    assert client.get(f"/reports/monthly?{query}").status_code in (200, 404)


@pytest.mark.parametrize("query", ["building=x", "place=-1", "flag=evil", "page=999999999999", "kind=<b>"])
def test_odd_drill_downs_never_break(client, login, month, query):
    login("head")
    assert client.get(f"/reports/tickets?{query}").status_code in (200, 404)


def test_ticket_list_pages(client, login, estate, staff):
    with _at(10, 2):
        for _n in range(55):
            factories.ticket(estate, staff["desk"], kind="inquiry")
    login("cshead")
    first = client.get("/reports/tickets?from=2026-11-01&to=2026-11-30").get_data(as_text=True)
    second = client.get("/reports/tickets?from=2026-11-01&to=2026-11-30&page=2").get_data(as_text=True)
    assert first.count("data-ticket=") == 50 and second.count("data-ticket=") == 5
    assert Ticket.select().count() == 55


def test_the_bar_of_tickets_without_a_team_lists_only_those(client, login, month):
    login("cshead")
    listed = client.get("/reports/tickets?from=2026-11-01&to=2026-11-30&team=none").get_data(as_text=True)
    assert month["handled"].number in listed and month["waiting"].number in listed
    assert month["quick"].number not in listed and month["helped"].number not in listed
    page = client.get(NOVEMBER).get_data(as_text=True)
    assert "team=none" in page
