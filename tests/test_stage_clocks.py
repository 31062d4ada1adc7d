"""Every list and card shows the running clock of the stage a ticket is in, in words: amber from 80 % of its
target ("即将超时"), red past it ("已超时 …"), working time across weekends and holidays, paused while on hold."""
import re
from datetime import date, datetime, timedelta

from webapp import clock
from webapp.models.calendar import set_day
from webapp.models.handling import advance

from . import factories
from .conftest import DESK_HOURS_UTC
from .test_queue_cards import card_of, clock_text, text_of


def page_at(client, moment, path):
    with clock.frozen_at(moment):
        return client.get(path).get_data(as_text=True)


def at(minutes, ticket_id, actor, action, **given):
    """Take a step of the ticket's life `minutes` after the test's start."""
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=minutes)):
        return advance(ticket_id, actor, action, **given)


def row_clock(page, ticket):
    row = re.search(rf'<li class="ticket[^"]*" id="(?:ticket|revisit)-{ticket.number}".*?</li>', page, re.S).group(0)
    return clock_text(row)


def test_a_repair_accepted_three_hours_ago_is_red_on_the_engineers_card_waiting_for_arrival(client, login, estate,
                                                                                             staff):
    repair = factories.ticket(estate, staff["desk"])  # arrive within 2 hours of the report
    at(5, repair.id, staff["eng"], "accept")
    login("eng")
    card = card_of(page_at(client, DESK_HOURS_UTC + timedelta(hours=3), "/queue/engineering"), repair)
    assert 'class="card-item late-red' in card and "data-late" not in card
    assert clock_text(card) == "待到场 3 小时 / 时限 2 小时 · 已超时 1 小时"


def test_a_clock_turns_amber_at_80_percent_of_its_target_and_says_so(client, login, estate, staff):
    repair = factories.ticket(estate, staff["desk"])  # accepted within 30 minutes
    login("eng")
    before = card_of(page_at(client, DESK_HOURS_UTC + timedelta(minutes=23), "/queue/engineering"), repair)
    near = card_of(page_at(client, DESK_HOURS_UTC + timedelta(minutes=24), "/queue/engineering"), repair)
    assert 'class="card-item late-ok' in before and clock_text(before) == "待响应 23 分钟 / 时限 30 分钟"
    assert 'class="card-item late-amber' in near and clock_text(near) == "待响应 24 分钟 / 时限 30 分钟 · 即将超时"


def test_a_complaints_clock_counts_desk_hours_only_over_a_weekend_and_a_holiday(client, login, estate, staff):
    friday_4pm = datetime(2026, 11, 27, 8, 0)  # 16:00 in Shanghai
    with clock.frozen_at(friday_4pm):
        complaint = factories.ticket(estate, staff["desk"], "complaint", description="楼上装修噪音")
    set_day(estate, staff["admin"], date(2026, 11, 30), "holiday", name="测试假日")  # the Monday after
    login("desk")
    tuesday_9am = datetime(2026, 12, 1, 1, 0)
    # Friday 16:00–17:30 and Tuesday 08:00–09:00: the weekend and the holiday do not count.
    shown = row_clock(page_at(client, tuesday_9am, "/tickets/"), complaint)
    assert shown == "处理中 2 小时 30 分 / 时限 19 小时 工作时间"
    page = page_at(client, tuesday_9am, f"/tickets/{complaint.number}")
    assert "时效 处理中 2 小时 30 分 / 时限 19 小时 工作时间" in text_of(page)


def test_a_clock_on_hold_stands_still_says_paused_and_goes_on_from_there_when_resumed(client, login, estate, staff):
    repair = factories.ticket(estate, staff["desk"])  # resolved within 24 hours of the report
    at(10, repair.id, staff["eng"], "accept")
    at(20, repair.id, staff["eng"], "arrive")
    at(60, repair.id, staff["eng"], "hold", note="等配件")
    login("eng")
    held = [card_of(page_at(client, DESK_HOURS_UTC + timedelta(hours=hours), "/queue/engineering"), repair)
            for hours in (1.5, 4)]
    for card in held:
        assert clock_text(card) == "处理中 1 小时 / 时限 1 天 · 已暂停（挂起）：等配件"  # and what it waits for
        assert "data-late" not in card  # the page must not turn a paused clock late
    at(5 * 60, repair.id, staff["eng"], "resume")
    card = card_of(page_at(client, DESK_HOURS_UTC + timedelta(hours=5, minutes=30), "/queue/engineering"), repair)
    assert clock_text(card) == "处理中 1 小时 30 分 / 时限 1 天" and "data-late" in card


def test_the_return_visit_list_shows_each_tickets_revisit_clock(client, login, estate, staff):
    repair = factories.ticket(estate, staff["desk"])  # revisited within 48 hours of the work being done
    at(10, repair.id, staff["eng"], "accept")
    at(30, repair.id, staff["eng"], "arrive")
    at(60, repair.id, staff["eng"], "finish", note="已更换水管")
    login("desk")
    page = page_at(client, DESK_HOURS_UTC + timedelta(hours=3), "/revisits")
    assert "待回访 2 小时 / 时限 2 天" in text_of(page)


def test_a_list_row_shows_no_clock_once_the_ticket_is_closed(client, login, estate, staff):
    repair = factories.ticket(estate, staff["desk"], unit="1-102")
    at(1, repair.id, staff["desk"], "cancel", note="业主已自行处理")
    login("desk")
    page = page_at(client, DESK_HOURS_UTC + timedelta(hours=1), "/units/1-102")
    assert repair.number in page and 'class="clock' not in page


def test_the_days_log_shows_each_open_tickets_clock_beside_its_state(client, login, estate, staff):
    repair = factories.ticket(estate, staff["desk"], unit="1-102")
    done = factories.ticket(estate, staff["desk"], kind="inquiry", description="询问停车费标准",
                            answer="每月 300 元")
    login("desk")
    page = page_at(client, DESK_HOURS_UTC + timedelta(minutes=20), "/log/")
    row = re.search(rf"<tr><td class=\"title\"><a [^>]*>{repair.number}</a>.*?</tr>", page, re.S).group(0)
    assert "待响应 20 分钟 / 时限 30 分钟" in text_of(row)
    settled = re.search(rf"<tr><td class=\"title\"><a [^>]*>{done.number}</a>.*?</tr>", page, re.S).group(0)
    assert 'class="clock' not in settled                       # answered at the desk: nothing timed


def test_a_hold_reason_on_a_card_is_text_never_markup(client, login, estate, staff):
    repair = factories.ticket(estate, staff["desk"])
    at(10, repair.id, staff["eng"], "accept")
    at(20, repair.id, staff["eng"], "hold", note="<b>等配件</b>")
    login("eng")
    card = card_of(page_at(client, DESK_HOURS_UTC + timedelta(hours=1), "/queue/engineering"), repair)
    assert "&lt;b&gt;等配件&lt;/b&gt;" in card and "<b>等配件" not in card
