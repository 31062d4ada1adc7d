"""A resident scans a sticker, reports without an account, follows, urges and rates by a private link."""
import io
import re
from datetime import timedelta

import pytest
from PIL import Image

from webapp import clock, create_app
from webapp.models import Photo, Ticket, TicketEvent
from webapp.models.handling import advance
from webapp.models.place import create_place, rotate_token

from . import factories
from .conftest import DESK_HOURS_UTC


@pytest.fixture
def lobby(estate, staff):
    return create_place(estate, name="1号楼电梯厅", kind="lift_lobby", building=estate.buildings.first(), floor=1)


def send(client, token, environ_base=None, **fields):
    data = {"choice": "repair", "description": "电梯按钮失灵", "intake_key": fields.pop("intake_key", "k1")}
    data.update(fields)
    return client.post(f"/q/{token}", data=data, content_type="multipart/form-data", environ_base=environ_base or {})


def tracking_link(response):
    return response.location


def test_scan_page_is_small_has_no_script_and_needs_no_account(client, lobby):
    response = client.get(f"/q/{lobby.token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "1号楼电梯厅" in page
    assert "<script" not in page and 'rel="stylesheet"' not in page
    assert len(response.data) < 14 * 1024


def test_resident_report_lands_in_the_engineering_queue_as_qr_with_the_place(client, lobby, staff):
    response = send(client, lobby.token)
    assert response.status_code == 303 and "/t/" in response.location
    ticket = Ticket.get()
    assert (ticket.channel, ticket.kind, ticket.team, ticket.place.id, ticket.taken_by) == \
        ("qr", "repair", "engineering", lobby.id, None)


def test_help_goes_to_the_on_duty_guard_and_a_complaint_waits_for_the_desk(client, lobby, staff):
    send(client, lobby.token, choice="help", intake_key="a")
    send(client, lobby.token, choice="complaint", intake_key="b")
    help_request, complaint = Ticket.select().order_by(Ticket.id)
    assert help_request.assignee.username == "guard"
    assert (complaint.kind, complaint.state) == ("complaint", "new")


def test_a_suggestion_from_a_sticker_is_filed_as_a_suggestion_for_the_cs_head(client, lobby, staff):
    send(client, lobby.token, choice="suggestion", description="大堂可以多放几把椅子")
    suggestion = Ticket.get()
    assert (suggestion.kind, suggestion.assignee.username) == ("suggestion", "cshead")


def test_missing_text_is_refused_in_chinese_and_the_contact_kept(client, lobby):
    response = send(client, lobby.token, description="", contact_phone="13911112222")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and Ticket.select().count() == 0
    assert 'value="13911112222"' in page
    assert "请简单描述一下情况" in page  # the message speaks the resident's language


def test_the_kind_is_the_button_pressed_so_typing_and_one_tap_send_it(client, lobby):
    page = client.get(f"/q/{lobby.token}").get_data(as_text=True)
    buttons = re.findall(r'<button name="choice" value="(\w+)"', page)
    assert buttons == ["repair", "help", "complaint", "suggestion"]


def test_double_submit_creates_one_ticket_and_the_same_link(client, lobby):
    first, second = send(client, lobby.token), send(client, lobby.token)
    assert Ticket.select().count() == 1 and first.location == second.location


def test_honeypot_filled_by_a_bot_creates_nothing(client, lobby):
    assert send(client, lobby.token, website="http://spam").status_code == 400
    assert Ticket.select().count() == 0


def test_html_in_a_report_is_shown_as_text(client, lobby):
    link = tracking_link(send(client, lobby.token, description="<b>坏了</b><script>x()</script>"))
    page = client.get(link).get_data(as_text=True)
    assert "<script>x()" not in page and "&lt;b&gt;坏了" in page


def test_reports_are_rate_limited_per_client_with_a_clear_message(template_db, tmp_path, estate, staff, lobby, app):
    limited = create_app(dict(app.config, RESIDENT_LIMIT_PER_CLIENT="2 per minute")).test_client()
    assert send(limited, lobby.token, intake_key="1").status_code == 303
    # another kind: a second repair here would join the first (issue 13)
    assert send(limited, lobby.token, intake_key="2", choice="help").status_code == 303
    refused = send(limited, lobby.token, intake_key="3")
    assert refused.status_code == 429 and "请" in refused.get_data(as_text=True)
    assert Ticket.select().count() == 2


def test_behind_a_trusted_proxy_each_phone_has_its_own_limit_and_cannot_forge_another(app, estate, staff, lobby):
    behind_proxy = create_app(dict(app.config, RESIDENT_LIMIT_PER_CLIENT="1 per minute", TRUSTED_PROXIES=1))
    client = behind_proxy.test_client()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = client.post(f"/q/{lobby.token}", data=dict(choice="repair", description="灯不亮", intake_key="a"),
                        headers={"X-Forwarded-For": "203.0.113.7"}, environ_base=proxy)
    second_phone = client.post(f"/q/{lobby.token}", data=dict(choice="repair", description="门坏了", intake_key="b"),
                               headers={"X-Forwarded-For": "203.0.113.8"}, environ_base=proxy)
    forged = client.post(f"/q/{lobby.token}", data=dict(choice="repair", description="又来", intake_key="c"),
                         headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.7"}, environ_base=proxy)
    assert (first.status_code, second_phone.status_code, forged.status_code) == (303, 303, 429)
    direct = create_app(dict(app.config, RESIDENT_LIMIT_PER_CLIENT="1 per minute")).test_client()
    spoofed = [direct.post(f"/q/{lobby.token}", data=dict(choice="repair", description="x", intake_key=f"d{n}"),
                           headers={"X-Forwarded-For": f"192.0.2.{n}"}) for n in range(2)]
    assert [r.status_code for r in spoofed] == [303, 429]  # without a proxy the header is not believed


def test_a_flood_at_one_sticker_does_not_silence_it_past_its_limit_a_phone_is_asked_and_the_report_flagged(
        app, estate, staff, lobby):
    limited = create_app(dict(app.config, RESIDENT_LIMIT_PER_PLACE="1 per minute")).test_client()
    assert send(limited, lobby.token, intake_key="1").status_code == 303
    another_phone = {"REMOTE_ADDR": "10.9.9.9"}
    # another kind: a second repair here would join the first (issue 13)
    without_phone = send(limited, lobby.token, intake_key="2", choice="help", environ_base=another_phone)
    assert without_phone.status_code == 422 and Ticket.select().count() == 1
    assert "留下您的电话" in without_phone.get_data(as_text=True)
    with_phone = send(limited, lobby.token, intake_key="2", choice="help", contact_phone="13911112222",
                      environ_base=another_phone)
    assert with_phone.status_code == 303
    first, flooded = Ticket.select().order_by(Ticket.id)
    assert (first.possible_flood, flooded.possible_flood) == (False, True)
    client = app.test_client()
    client.post("/login", data={"login": "desk", "password": factories.PASSWORD})
    page = client.get("/board/").get_data(as_text=True)
    assert page.count("疑似刷单") == 1


def test_a_refused_report_does_not_spend_the_phones_quota(app, estate, staff, lobby):
    limited = create_app(dict(app.config, RESIDENT_LIMIT_PER_CLIENT="1 per minute")).test_client()
    for _ in range(3):
        assert send(limited, lobby.token, description="").status_code == 422
    assert send(limited, lobby.token).status_code == 303
    assert send(limited, lobby.token, intake_key="again").status_code == 429


def test_tracking_link_of_another_ticket_is_not_found(client, lobby):
    send(client, lobby.token)
    assert client.get("/t/not-a-real-token").status_code == 404
    assert client.post("/t/not-a-real-token/urge").status_code == 404


def test_resident_urges_at_most_once_per_30_minutes_and_it_tops_the_queue(client, login, estate, staff, lobby):
    older = factories.ticket(estate, staff["desk"])
    link = tracking_link(send(client, lobby.token))
    assert client.post(f"{link}/urge").status_code == 409  # a repair is urged only after 30 minutes (issue 13)
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=31)):
        assert client.post(f"{link}/urge").status_code == 303
        assert client.post(f"{link}/urge").status_code == 409
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=62)):
        assert client.post(f"{link}/urge").status_code == 303
    urged = Ticket.get(Ticket.tracking_token == link.rsplit("/", 1)[1])
    login("eng")
    page = client.get("/queue/engineering").get_data(as_text=True)
    assert page.index(urged.number) < page.index(older.number)


def test_resident_rates_a_done_ticket_and_the_desk_closes_it_in_one_tap(client, login, estate, staff, lobby):
    link = tracking_link(send(client, lobby.token))
    ticket = Ticket.get()
    advance(ticket.id, staff["eng"], "accept")
    advance(ticket.id, staff["eng"], "finish", note="更换按钮")
    assert "5" in client.get(link).get_data(as_text=True)
    assert client.post(f"{link}/verdict", data={"fixed": "yes", "rating": "4", "comment": "很快"}).status_code == 303
    assert Ticket.get_by_id(ticket.id).resident_rating == 4
    login("desk")
    page = client.get("/revisits").get_data(as_text=True)
    assert "4★" in page
    form = re.search(rf'<li class="ticket" id="revisit-{ticket.number}">.*?</li>', page, re.S).group(0)
    ticked = [tag for tag in re.findall(r"<input[^>]*>", form) if re.search(r"\schecked[\s>=]", tag)]
    checked = {re.search(r'name="(\w+)"', t).group(1): re.search(r'value="([^"]*)"', t).group(1) for t in ticked}
    assert checked == {"reached": "yes", "satisfaction": "4"}


def test_not_fixed_reopens_the_ticket_to_its_handler_with_the_residents_note(client, estate, staff, lobby):
    link = tracking_link(send(client, lobby.token))
    ticket = Ticket.get()
    advance(ticket.id, staff["eng2"], "accept")
    advance(ticket.id, staff["eng2"], "finish", note="已修")
    client.post(f"{link}/verdict", data={"fixed": "no", "comment": "还是不亮"})
    reopened = Ticket.get_by_id(ticket.id)
    assert (reopened.state, reopened.assignee.username) == ("dispatched", "eng2")
    assert TicketEvent.get(TicketEvent.action == "reopen").note == "还是不亮"


def test_rating_before_done_is_refused(client, lobby):
    link = tracking_link(send(client, lobby.token))
    assert client.post(f"{link}/verdict", data={"fixed": "yes", "rating": "5"}).status_code == 422


def test_resident_photo_is_attached_reencoded(client, lobby):
    image = io.BytesIO()
    Image.new("RGB", (1000, 800), (10, 90, 30)).save(image, "JPEG")
    image.seek(0)
    send(client, lobby.token, photos=[(image, "lift.jpg")])
    assert Photo.get().stage == "intake"


def test_rotated_sticker_says_it_was_replaced_and_still_reaches_the_desk(client, lobby):
    old = lobby.token
    rotate_token(lobby)
    page = client.get(f"/q/{old}").get_data(as_text=True)
    assert "此二维码已更换为新码" in page
    send(client, old, choice="")
    ticket = Ticket.get()
    assert (ticket.kind, ticket.state) == ("inquiry", "new")
    assert client.get(f"/q/{lobby.token}").status_code == 200


def test_retired_place_shows_a_polite_page_that_still_reaches_the_desk(client, lobby):
    lobby.retired = True
    lobby.save()
    response = client.get(f"/q/{lobby.token}")
    assert response.status_code == 200 and 'name="description"' in response.get_data(as_text=True)


def test_unknown_sticker_is_not_found(client):
    assert client.get("/q/nothing-here").status_code == 404
