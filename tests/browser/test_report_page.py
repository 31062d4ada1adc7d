"""The monthly report in real Chromium: SVG charts with Chinese labels, and the XLSX it downloads holds the same
figures as the page."""
import re
from datetime import datetime

from openpyxl import load_workbook

from webapp import clock
from webapp.models.handling import advance, finish, revisit

from .. import factories
from .journeys import PHONE, sign_in


def _november(estate, staff):
    with clock.frozen_at(datetime(2026, 11, 10, 2, 0)):
        quick = factories.ticket(estate, staff["desk"], kind="repair", category="plumbing")
        factories.ticket(estate, staff["desk"], kind="complaint", unit="1-102")
    with clock.frozen_at(datetime(2026, 11, 10, 2, 20)):
        advance(quick.id, staff["eng"], "accept")
    with clock.frozen_at(datetime(2026, 11, 10, 4, 0)):
        finish(quick.id, staff["eng"], "换了阀门")
    with clock.frozen_at(datetime(2026, 11, 11, 2, 0)):
        revisit(quick.id, staff["desk"], True, 5)


def test_report_draws_chinese_charts_and_downloads_the_same_figures(browser, live_server, estate, staff, tmp_path):
    _november(estate, staff)
    head = sign_in(browser.new_context(accept_downloads=True, locale="zh-CN"), live_server, "cshead")
    head.goto(f"{live_server}/reports/monthly?month=2026-11")
    charts = head.locator("figure.chart svg")
    assert charts.count() >= 2
    labels = " ".join(head.locator("figure.chart svg text").all_text_contents())
    assert "报修" in labels or "维修" in labels  # the kinds, in Chinese
    assert re.search(r"[\u4e00-\u9fff]", labels)
    shown = {code: head.locator(f"[data-kpi={code}]").inner_text() for code in ("repair_timeliness", "satisfaction")}

    with head.expect_download() as download:
        head.click("a[href*='format=xlsx']")
    path = tmp_path / "report.xlsx"
    download.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    values = {row[1]: row[2] for row in rows}
    assert float(shown["repair_timeliness"].rstrip("%")) == values["维修及时率"] == 100
    assert float(shown["satisfaction"].rstrip("%")) == values["满意率"] == 100


def test_report_fits_a_phone_without_sideways_scrolling(browser, live_server, estate, staff):
    _november(estate, staff)
    head = sign_in(browser.new_context(**PHONE), live_server, "cshead")
    head.goto(f"{live_server}/reports/monthly?month=2026-11")
    assert head.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert head.locator("figure.chart svg").first.bounding_box()["width"] <= 390
