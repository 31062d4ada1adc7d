"""The resident's side of a sticker: a number to call on every page, urgent help, a rate limit that keeps what was
typed, a tracking page in plain words, and a repeated report joining the open ticket."""
import io
import re
from datetime import timedelta

import pytest
from flask import render_template_string
from PIL import Image

from webapp import clock, create_app
from webapp.domain.resident import resident_words, urge_offer
from webapp.models import Estate, Ticket, TicketEvent
from webapp.models.handling import advance
from webapp.models.place import create_place

from .conftest import DESK_HOURS_UTC

CENTER_PHONE = "021-5555 1234"


@pytest.fixture
def lobby(estate, staff):
    Estate.update(public_phone=CENTER_PHONE).where(Estate.id == estate.id).execute()
    return create_place(estate, name="1号楼电梯厅", kind="lift_lobby", building=estate.buildings.first(), floor=1)


@pytest.fixture
def resident(app):
    return app.test_client()


def send(client, token, **fields):
    data = {"choice": "repair", "description": "电梯按钮失灵", "intake_key": fields.pop("intake_key", "k1")}
    data.update(fields)
    return client.post(f"/q/{token}", data=data, content_type="multipart/form-data")


def jpeg():
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 120, 40)).save(out, "JPEG")
    out.seek(0)
    return out


def timeline_of(page):
    return re.search(r'<ol class="timeline">(.*?)</ol>', page, re.S).group(1)


def offers_to_call(page):
    return 'href="tel:02155551234"' in page and CENTER_PHONE in page


def says_emergency_numbers(page):
    return 'href="tel:110"' in page and 'href="tel:119"' in page and "紧急情况请直接拨打" in page


# ---- a number to call everywhere --------------------------------------------------------------------------------

def test_the_sticker_page_offers_the_centers_phone_to_tap_and_the_emergency_numbers(resident, lobby):
    page = resident.get(f"/q/{lobby.token}").get_data(as_text=True)
    assert offers_to_call(page) and says_emergency_numbers(page)


def test_the_tracking_page_offers_the_centers_phone_and_the_emergency_numbers(resident, lobby):
    page = resident.get(send(resident, lobby.token).location).get_data(as_text=True)
    assert offers_to_call(page) and says_emergency_numbers(page)


def test_a_wrong_tracking_or_sticker_link_still_says_whom_to_call_in_an_emergency(resident, lobby):
    for link in ("/t/not-a-real-token", "/q/not-a-real-sticker"):
        response = resident.get(link)
        page = response.get_data(as_text=True)
        assert response.status_code == 404 and says_emergency_numbers(page)


def test_without_a_center_phone_the_page_still_gives_the_emergency_numbers(resident, lobby, estate):
    Estate.update(public_phone="").where(Estate.id == estate.id).execute()
    page = resident.get(f"/q/{lobby.token}").get_data(as_text=True)
    assert says_emergency_numbers(page) and "服务中心电话：" not in page


# ---- urgent help ------------------------------------------------------------------------------------------------

def test_a_resident_marks_a_help_request_urgent_and_the_ticket_is_urgent(resident, lobby):
    assert "有人被困" in resident.get(f"/q/{lobby.token}").get_data(as_text=True)
    link = send(resident, lobby.token, choice="help", description="有人被困电梯", urgent="y").location
    ticket = Ticket.get()
    assert ticket.urgent and ticket.kind == "help"
    assert "紧急" in resident.get(link).get_data(as_text=True)


def test_a_help_request_without_the_tick_is_not_urgent(resident, lobby):
    send(resident, lobby.token, choice="help", description="门禁打不开")
    assert not Ticket.get().urgent


# ---- the rate limit keeps what was typed -----------------------------------------------------------------------

def test_past_the_phones_limit_the_form_comes_back_with_the_text_and_the_phone_number(app, estate, staff, lobby):
    limited = create_app(dict(app.config, RESIDENT_LIMIT_PER_CLIENT="1 per minute")).test_client()
    assert send(limited, lobby.token, intake_key="1").status_code == 303
    refused = send(limited, lobby.token, intake_key="2", choice="help", description="楼道里有烟味",
                   contact_name="李女士", contact_phone="13911112222")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "楼道里有烟味</textarea>" in page and 'value="13911112222"' in page and 'value="李女士"' in page
    assert "您填写的内容已保留" in page and offers_to_call(page) and says_emergency_numbers(page)
    assert Ticket.select().count() == 1


# ---- the tracking page ------------------------------------------------------------------------------------------

def finished_with_a_photo(client, login, ticket, note="更换了按钮面板"):
    engineer = login("eng")
    advance(ticket.id, engineer, "accept")
    response = client.post(f"/tickets/{ticket.number}/completion", content_type="multipart/form-data",
                           data={"note": note, "paid": "free", "photos": [(jpeg(), "done.jpg")]})
    assert response.status_code == 302
    return Ticket.get_by_id(ticket.id)


def test_tracking_shows_the_handlers_note_and_finish_photos_once_done(client, resident, login, lobby):
    link = send(resident, lobby.token).location
    ticket = Ticket.get()
    assert "更换了按钮面板" not in resident.get(link).get_data(as_text=True)
    finished_with_a_photo(client, login, ticket)
    page = resident.get(link).get_data(as_text=True)
    assert "更换了按钮面板" in page and "完工照片" in page
    thumb = re.search(r'<img src="([^"]+/thumb)"', page).group(1)
    served = resident.get(thumb)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"


def test_a_tracking_link_serves_only_its_own_finish_photos(client, resident, login, lobby):
    first_link = send(resident, lobby.token).location
    first = Ticket.get()
    other = send(resident, lobby.token, choice="help", description="有人晕倒", intake_key="k2",
                 photos=[(jpeg(), "intake.jpg")]).location
    finished_with_a_photo(client, login, first)
    photo_ids = [p.id for p in Ticket.get_by_id(first.id).photos]
    intake_photo = Ticket.get(Ticket.kind == "help").photos.get().id
    assert resident.get(f"{other}/photos/{photo_ids[0]}").status_code == 404
    assert resident.get(f"{first_link}/photos/{intake_photo}").status_code == 404
    assert resident.get(f"{first_link}/photos/{photo_ids[0]}").status_code == 200


def test_the_timeline_speaks_the_residents_words_not_the_desks(client, resident, login, staff, lobby):
    link = send(resident, lobby.token).location
    ticket = Ticket.get()
    advance(ticket.id, staff["eng"], "accept")
    advance(ticket.id, staff["eng"], "arrive")
    advance(ticket.id, staff["eng"], "finish", note="已修好", paid=False)
    timeline = timeline_of(resident.get(link).get_data(as_text=True))
    for words in ("已收到", "已安排师傅", "师傅已接单", "师傅已到场", "已处理完成"):
        assert words in timeline
    assert timeline.index("已收到") < timeline.index("师傅已接单") < timeline.index("已处理完成")
    assert "受理" not in timeline and "分派" not in timeline


def test_a_help_request_can_be_urged_after_ten_minutes_and_shows_disabled_once_urged(resident, lobby):
    link = send(resident, lobby.token, choice="help", description="有人被困电梯").location
    urge_form = f'action="{link}/urge"'
    early = resident.get(link).get_data(as_text=True)
    assert urge_form not in early and "disabled" in early and "可在此催单" in early
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=5)):
        assert resident.post(f"{link}/urge").status_code == 409
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=11)):
        assert urge_form in resident.get(link).get_data(as_text=True)
        assert resident.post(f"{link}/urge").status_code == 303
        urged = resident.get(link).get_data(as_text=True)
    assert urge_form not in urged and "已催单，已通知工作人员" in urged and "disabled" in urged


def test_a_repair_waits_thirty_minutes_before_it_can_be_urged(resident, lobby):
    link = send(resident, lobby.token).location
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=20)):
        assert f'action="{link}/urge"' not in resident.get(link).get_data(as_text=True)
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=30)):
        assert f'action="{link}/urge"' in resident.get(link).get_data(as_text=True)


def test_not_fixed_is_acknowledged_that_staff_will_handle_it_again(resident, staff, lobby):
    link = send(resident, lobby.token).location
    ticket = Ticket.get()
    advance(ticket.id, staff["eng"], "accept")
    advance(ticket.id, staff["eng"], "finish", note="已修", paid=False)
    answer = resident.post(f"{link}/verdict", data={"fixed": "no", "comment": "还是不亮"})
    page = resident.get(answer.location).get_data(as_text=True)
    assert "已通知处理人员重新处理" in page and "还是不亮" in page


# ---- the same problem reported again ----------------------------------------------------------------------------

def test_the_same_problem_reported_again_joins_the_open_ticket_and_staff_see_the_count(
        app, client, resident, login, lobby):
    first = send(resident, lobby.token).location
    neighbour = app.test_client()
    again = send(neighbour, lobby.token, intake_key="n1", description="电梯按钮按不动", contact_name="赵先生",
                 contact_phone="13700001111")
    assert again.status_code == 303 and again.location.split("?")[0] == first
    page = neighbour.get(again.location).get_data(as_text=True)
    assert "已有人报告，已加入" in page and "13700001111" not in page
    ticket = Ticket.get()
    assert Ticket.select().count() == 1 and ticket.state == "dispatched"  # joining changes no state
    event = TicketEvent.get(TicketEvent.action == "reported_again")
    assert "赵先生" in event.note and "13700001111" in event.note and "电梯按钮按不动" in event.note
    send(app.test_client(), lobby.token, intake_key="n2", description="电梯不走")
    login("desk")
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "又有住户报告了此问题" in page and "同一问题已被报告 3 次" in page
    login("eng")
    assert "同一问题已被报告 3 次" in client.get("/queue/engineering").get_data(as_text=True)


def test_a_ticket_reported_once_shows_no_count(app, resident, lobby):
    send(resident, lobby.token)
    with app.test_request_context():
        assert render_template_string('{% include "tickets/_reported_again.html" %}', ticket=Ticket.get()) == ""


def test_the_joined_report_sent_twice_counts_once(app, resident, lobby):
    send(resident, lobby.token)
    neighbour = app.test_client()
    send(neighbour, lobby.token, intake_key="n1", description="按钮坏了")
    send(neighbour, lobby.token, intake_key="n1", description="按钮坏了")
    assert TicketEvent.select().where(TicketEvent.action == "reported_again").count() == 1


def test_a_report_after_the_window_or_of_another_kind_makes_its_own_ticket(app, resident, lobby):
    send(resident, lobby.token)
    send(app.test_client(), lobby.token, intake_key="h", choice="help", description="有人被困")
    assert Ticket.select().count() == 2
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=31)):
        later = send(app.test_client(), lobby.token, intake_key="later")
    assert Ticket.select().count() == 3 and "joined" not in later.location


def test_a_report_at_another_place_or_after_the_ticket_is_done_makes_its_own_ticket(app, resident, staff, estate,
                                                                                     lobby):
    send(resident, lobby.token)
    other = create_place(estate, name="2号楼电梯厅", kind="lift_lobby", building=estate.buildings.first(), floor=2)
    send(app.test_client(), other.token, intake_key="o")
    first = Ticket.get(Ticket.place == lobby)
    advance(first.id, staff["eng"], "accept")
    advance(first.id, staff["eng"], "finish", note="已修", paid=False)
    send(app.test_client(), lobby.token, intake_key="after")
    assert Ticket.select().count() == 3


def test_an_urgent_report_is_not_folded_into_an_open_ticket_that_is_not_urgent(app, resident, lobby):
    send(resident, lobby.token, choice="help", description="门口有人吵架")
    send(app.test_client(), lobby.token, intake_key="u", choice="help", description="有人受伤了", urgent="y")
    assert [t.urgent for t in Ticket.select().order_by(Ticket.id)] == [False, True]


def test_complaints_are_never_merged(app, resident, lobby):
    send(resident, lobby.token, choice="complaint", description="保洁不及时")
    send(app.test_client(), lobby.token, intake_key="c", choice="complaint", description="保洁不及时")
    assert Ticket.select().count() == 2


# ---- the rules, without a database ------------------------------------------------------------------------------

def test_urge_opens_after_the_kinds_wait_and_closes_for_thirty_minutes_after_an_urge():
    at = DESK_HOURS_UTC
    assert urge_offer("help", "dispatched", at, None, at + timedelta(minutes=9))[0] == "wait"
    assert urge_offer("help", "dispatched", at, None, at + timedelta(minutes=10)) == ("ready", None)
    assert urge_offer("repair", "dispatched", at, None, at + timedelta(minutes=29))[0] == "wait"
    urged = at + timedelta(minutes=40)
    assert urge_offer("repair", "accepted", at, urged, urged + timedelta(minutes=5))[0] == "urged"
    assert urge_offer("repair", "accepted", at, urged, urged + timedelta(minutes=30))[0] == "ready"
    assert urge_offer("repair", "done", at, None, at + timedelta(days=1)) is None


def test_desk_steps_are_worded_for_the_kind_and_internal_ones_are_hidden():
    assert resident_words("route", "repair", "dispatched") == "A worker has been assigned"
    assert resident_words("route", "suggestion", "dispatched") == "Passed to the person in charge"
    assert resident_words("finish", "challenge", "awaiting_approval") == "A reply is being checked"
    assert resident_words("involve", "repair", "accepted") is None


def test_two_residents_writing_the_same_words_count_twice(app, resident, lobby):
    send(resident, lobby.token)
    for key in ("a", "b"):
        send(app.test_client(), lobby.token, intake_key=key, description="灯不亮")
    assert TicketEvent.select().where(TicketEvent.action == "reported_again").count() == 2


def test_urging_past_the_phones_limit_answers_with_the_tracking_page_and_the_phone_number(app, estate, staff,
                                                                                        lobby):
    limited = create_app(dict(app.config, RESIDENT_LIMIT_PER_CLIENT="1 per minute")).test_client()
    link = send(limited, lobby.token).location
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=31)):
        assert limited.post(f"{link}/urge").status_code == 303
        refused = limited.post(f"{link}/urge")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and "电梯按钮失灵" in page and offers_to_call(page)
