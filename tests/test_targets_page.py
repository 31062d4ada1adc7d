"""The center sets its own stage targets per kind (and urgency) on /settings/targets: every clock counts against
them, a bad entry saves nothing and says why in Chinese, and each change is in the audit log."""
import re
from datetime import timedelta

import pytest

from webapp import clock
from webapp.models.audit import AuditEntry
from webapp.models.handling import advance
from webapp.models.stage_targets import StageTarget

from . import factories
from .conftest import DESK_HOURS_UTC
from .test_queue_cards import card_of, clock_text, text_of

PAGE = "/settings/targets"


def saved(estate):
    return {(t.kind, t.urgent, t.stage): t.minutes
            for t in StageTarget.select().where(StageTarget.estate == estate)}


def facts_clock(client, ticket, minutes):
    """The clock in the ticket page's facts list, `minutes` after the test's start."""
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=minutes)):
        page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    return clock_text(re.search(r"<dd><span class=\"clock .*?</dd>", page, re.S).group(0))


def test_the_head_sets_complaint_resolution_to_3000_minutes_and_the_complaints_clock_says_so(client, login, estate,
                                                                                             staff):
    complaint = factories.ticket(estate, staff["desk"], "complaint", description="楼上装修噪音")
    login("head")
    assert "时限 19 小时" in facts_clock(client, complaint, 60)  # the default: two working days of 9.5 h
    response = client.post(PAGE, data={"complaint_resolve": "3000"})
    assert response.status_code == 302 and response.headers["Location"].endswith(PAGE)
    assert "时限已保存" in client.get(PAGE).get_data(as_text=True)
    assert facts_clock(client, complaint, 60) == "处理中 1 小时 / 时限 50 小时 工作时间"
    assert saved(estate) == {("complaint", False, "resolve"): 3000}


def test_urgent_repair_arrival_set_to_20_minutes_turns_a_repair_accepted_25_minutes_ago_red(client, login, estate,
                                                                                            staff):
    repair = factories.ticket(estate, staff["desk"], urgent=True, description="水管爆裂")
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=1)):
        advance(repair.id, staff["eng"], "accept")
    login("eng")
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=26)):
        before = card_of(client.get("/queue/engineering").get_data(as_text=True), repair)
    assert "late-red" not in before and "时限 30 分钟" in clock_text(before)  # urgent repair's default arrival
    client.post("/logout")
    login("cshead")
    assert client.post(PAGE, data={"repair_urgent_arrive": "20"}).status_code == 302
    login("eng")
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=26)):
        card = card_of(client.get("/queue/engineering").get_data(as_text=True), repair)
    assert 'class="card-item late-red' in card
    assert clock_text(card) == "待到场 26 分钟 / 时限 20 分钟 · 已超时 6 分钟"


OUT_OF_RANGE = "请填写 0（不计时）到 20160（14 天）之间的分钟数"


@pytest.mark.parametrize("value, message", [("abc", "请用整数填写分钟数"), ("-1", OUT_OF_RANGE),
                                            ("99999", OUT_OF_RANGE)])
def test_a_bad_entry_is_refused_in_chinese_and_nothing_is_saved(client, login, estate, staff, value, message):
    login("head")
    client.post(PAGE, data={"help_arrive": "10"})
    response = client.post(PAGE, data={"help_arrive": "", "complaint_resolve": value, "inquiry_respond": "30"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page and "没有保存" in page
    assert f'value="{value}"' in page and 'value="30"' in page  # the entries are kept to correct
    assert saved(estate) == {("help", False, "arrive"): 10}


def test_the_front_desk_may_not_open_or_change_the_targets(client, login, estate, staff):
    login("desk")
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, data={"complaint_resolve": "1"}).status_code == 403
    assert saved(estate) == {}


def test_the_audit_log_records_who_changed_which_targets_from_what_to_what(client, login, estate, staff):
    login("head")
    client.post(PAGE, data={"complaint_resolve": "3000", "repair_revisit": "0"})
    client.post(PAGE, data={"complaint_resolve": "3000"})
    entries = list(AuditEntry.select().where(AuditEntry.subject == "stage_targets").order_by(AuditEntry.id))
    assert len(entries) == 2 and all(e.staff_id == staff["head"].id for e in entries)
    assert entries[0].changes == [("complaint/resolve", None, 3000), ("repair/revisit", None, 0)]
    assert entries[1].changes == [("repair/revisit", 0, None)]


def test_an_emptied_field_goes_back_to_the_default_and_a_default_typed_again_is_not_stored(client, login, estate,
                                                                                          staff):
    login("admin")
    client.post(PAGE, data={"suggestion_resolve": "600", "help_respond": "0"})
    page = client.get(PAGE).get_data(as_text=True)
    assert 'name="suggestion_resolve"' in page and 'value="600"' in page
    assert saved(estate) == {("suggestion", False, "resolve"): 600, ("help", False, "respond"): 0}
    client.post(PAGE, data={"suggestion_resolve": "", "help_respond": "0", "inquiry_resolve": "570"})
    assert saved(estate) == {("help", False, "respond"): 0}  # 570 is the inquiry's default already


def test_the_page_shows_each_default_its_clock_and_each_kinds_escalation_chain(client, login, estate, staff):
    login("cshead")
    page = client.get(PAGE).get_data(as_text=True)
    text = text_of(page)
    assert "投诉 工作时间" in text and "报修 全天" in text and "紧急报修 全天" in text
    assert 'name="complaint_resolve"' in page and 'placeholder="1140"' in page and "默认：19 小时" in text
    assert 'name="complaint_arrive"' not in page  # nobody goes on site for a complaint
    chain = "投诉 处理人 → 区域客户主任 → 客服主管 → 物业服务中心主任 ×1, ×1, ×1.5, ×2"
    assert chain in text


def test_the_center_setup_page_links_to_the_targets(client, login, estate, staff):
    login("cshead")
    assert PAGE in client.get("/settings/center").get_data(as_text=True)
