"""A guard walking a round from the phone, over HTTP: the day's rounds, scans (by the in-app scanner through the
outbox, or by the camera app's sticker page), a finding with a photo, handing over and finishing."""
import io
from datetime import timedelta, timezone

import pytest
from PIL import Image

from webapp import clock
from webapp.domain.patrol import CLOCK_SKEW, DONE, INCOMPLETE, UNDERWAY
from webapp.models import Photo, Round, RoundEvent, Ticket, Visit
from webapp.models.patrol import make_rounds

from . import factories
from .conftest import DESK_HOURS_UTC

NOW = DESK_HOURS_UTC


@pytest.fixture
def walk(estate, staff):
    """Today's 10:00 round of a three-checkpoint route, the guard's (on duty today)."""
    return factories.round_today(estate)


def scan(client, round_, place, key, **headers):
    return client.post(f"/patrol/rounds/{round_.id}/scans", data={"token": place.token, "client_id": key,
                                                                  "via": "camera"}, headers=headers)


def photo():
    out = io.BytesIO()
    Image.new("RGB", (800, 600), "orange").save(out, "JPEG")
    out.seek(0)
    return out, "door.jpg"


def test_the_guard_finds_todays_round_and_its_page_never_shows_a_sticker_token(client, login, walk):
    round_, places = walk
    login("guard")
    listing = client.get("/patrol/").get_data(as_text=True)
    assert "夜间巡逻" in listing and "未开始" in listing
    page = client.get(f"/patrol/rounds/{round_.id}")
    assert page.status_code == 200 and page.headers["X-Offline"] == "keep"   # the phone keeps it for offline
    assert all(p.name in page.get_data(as_text=True) for p in places)
    assert not any(p.token in page.get_data(as_text=True) for p in places)


def test_a_round_walked_through_the_outbox_counts_each_checkpoint_once(client, login, walk):
    round_, places = walk
    login("guard")
    outbox = {"X-Outbox": "1", "Idempotency-Key": "k-start-0001"}
    assert client.post(f"/patrol/rounds/{round_.id}/start", headers=outbox).status_code == 204
    for i, place in enumerate(places):
        key = f"scan-key-{i:04d}"
        assert scan(client, round_, place, key, **{"X-Outbox": "1", "Idempotency-Key": key}).status_code == 204
    again = scan(client, round_, places[0], "scan-key-0000", **{"X-Outbox": "1", "Idempotency-Key": "scan-key-0000"})
    assert again.status_code == 204
    assert Visit.select().count() == 3 and Round.get().covered == 3
    client.post(f"/patrol/rounds/{round_.id}/finish", data={"note": "正常"})
    assert Round.get().state == DONE
    assert "已完成" in client.get(f"/patrol/rounds/{round_.id}").get_data(as_text=True)


def test_the_phone_clock_difference_is_recorded_and_flagged(client, login, walk):
    round_, places = walk
    login("guard")
    phone_ms = int((NOW + timedelta(minutes=10)).replace(tzinfo=timezone.utc).timestamp() * 1000)  # 10 min fast
    client.post(f"/patrol/rounds/{round_.id}/scans", data={
        "token": places[0].token, "client_id": "skewed-0001", "via": "camera", "scanned_at": str(phone_ms)},
        headers={"X-Device-Time": str(phone_ms)})
    visit = Visit.get()
    assert visit.skew_seconds == -600 and CLOCK_SKEW in visit.flag_list and visit.at == NOW


def test_a_sticker_of_another_route_is_refused_in_chinese(client, login, walk, estate):
    round_, _ = walk
    other = factories.route(estate, 1, name="车库")
    login("guard")
    response = scan(client, round_, other.ordered_stops().first().place, "wrong-0001")
    assert response.status_code == 422 and "不是本轮巡查的巡查点" in response.get_data(as_text=True)
    assert Visit.select().count() == 0


def test_a_finding_with_a_photo_becomes_one_patrol_ticket_even_sent_twice(client, login, walk):
    round_, places = walk
    login("guard")
    client.post(f"/patrol/rounds/{round_.id}/start")
    form = {"place": str(places[1].id), "kind": "repair", "description": "消防通道灯不亮", "intake_key": "finding-0001"}
    for _ in range(2):
        response = client.post(f"/patrol/rounds/{round_.id}/findings", data=dict(form, photos=photo()),
                               content_type="multipart/form-data")
        assert response.status_code == 303
    ticket = Ticket.get()
    assert Ticket.select().count() == 1 and ticket.channel == "patrol" and ticket.place_id == places[1].id
    assert Photo.select().where(Photo.ticket == ticket).count() == 1
    assert ticket.number in client.get(f"/patrol/rounds/{round_.id}").get_data(as_text=True)


def test_a_finding_without_a_description_comes_back_with_what_was_typed(client, login, walk):
    round_, places = walk
    login("guard")
    response = client.post(f"/patrol/rounds/{round_.id}/findings", data={"place": str(places[0].id), "kind": "repair"})
    assert response.status_code == 422 and Ticket.select().count() == 0


def test_handing_over_keeps_the_first_guard_and_lets_only_the_new_one_walk(client, login, walk, staff):
    round_, places = walk
    login("guard")
    response = client.post(f"/patrol/rounds/{round_.id}/handover", data={"to": str(staff["guard2"].id),
                                                                         "reason": "去处理电梯困人"})
    assert response.status_code == 303
    assert scan(client, round_, places[0], "guard1-scan1").status_code == 422
    client.post("/logout")
    login("guard2")
    assert scan(client, round_, places[0], "guard2-scan1").status_code == 303
    handed = Round.get()
    assert handed.assignee_id == staff["guard2"].id and handed.first_assignee_id == staff["guard"].id
    assert handed.state == UNDERWAY
    assert RoundEvent.get(RoundEvent.action == "hand").note == "去处理电梯困人"


def test_handing_over_without_a_reason_is_refused(client, login, walk, staff):
    round_, _ = walk
    login("guard")
    response = client.post(f"/patrol/rounds/{round_.id}/handover", data={"to": str(staff["guard2"].id)})
    assert response.status_code == 422 and Round.get().assignee_id == staff["guard"].id


def test_the_camera_apps_sticker_page_records_the_checkpoint_in_one_tap(client, login, walk):
    round_, places = walk
    login("guard")
    page = client.get(f"/q/{places[2].token}/staff").get_data(as_text=True)
    assert "记录本巡查点" in page
    key = page.split('name="client_id" value="')[1].split('"')[0]
    client.post(f"/patrol/rounds/{round_.id}/scans", data={"token": places[2].token, "client_id": key, "via": "link"})
    assert Visit.get().via == "link" and Visit.get().stop.place_id == places[2].id


def test_other_teams_and_other_estates_do_not_see_the_round(client, login, walk):
    round_, _ = walk
    login("eng")
    assert client.get(f"/patrol/rounds/{round_.id}").status_code == 404
    other = factories.estate(code="YQ", name="雅苑")
    factories.person("yqguard", "security", other)
    client.post("/logout")
    client.post("/login", data={"login": "yqguard", "password": factories.PASSWORD})
    assert client.get(f"/patrol/rounds/{round_.id}").status_code == 404


def test_finishing_with_checkpoints_left_is_incomplete(client, login, walk):
    round_, places = walk
    login("guard")
    scan(client, round_, places[0], "only-one-01")
    with clock.frozen_at(NOW + timedelta(minutes=20)):
        client.post(f"/patrol/rounds/{round_.id}/finish", data={"note": "对讲机叫走"})
    assert Round.get().state == INCOMPLETE
