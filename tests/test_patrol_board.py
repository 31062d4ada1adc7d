"""The supervisors' patrol board and exceptions report: rounds the clock judged missed or incomplete come first and
are reported with what they left uncovered; flagged scans are named in words; only supervisors of the estate's
own rounds see them."""
import re
from datetime import timedelta

import pytest

from webapp import clock
from webapp.alerts.clock import patrol
from webapp.domain.patrol import DONE, INCOMPLETE, MISSED
from webapp.models import Round, Shift, Team
from webapp.models import rounds
from webapp.models.patrol import make_rounds

from . import factories
from .conftest import DESK_HOURS_UTC

NOW = DESK_HOURS_UTC                      # 10:00 in Shanghai
AFTER = NOW + timedelta(hours=2)          # 12:00: the morning rounds' windows and grace are over


def walked(estate, name, first, checkpoints=3):
    """A route walked once a day at `first` by security, with today's round made; (round, its places)."""
    route = factories.route(estate, checkpoints, name=name)
    factories.patrol_plan(estate, route, first=first, last=None, every=None)
    make_rounds(estate, NOW)
    return Round.get(Round.route == route), [s.place for s in route.ordered_stops()]


def scan(round_, guard, place, minutes, via="camera"):
    with clock.frozen_at(NOW + timedelta(minutes=minutes)):
        return rounds.scan(round_.id, guard, place.token, f"scan-{place.id}-{minutes}", via)


def page(client, url, at=AFTER):
    with clock.frozen_at(at):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


@pytest.fixture
def morning(estate, staff):
    """Three morning rounds: east walked in full, west left after one checkpoint, north never started."""
    guard = staff["guard"]
    east, east_places = walked(estate, "东区巡逻", "10:00")
    west, west_places = walked(estate, "西区巡逻", "10:00")
    north, _ = walked(estate, "北区巡逻", "10:00")
    for minutes, place in enumerate(east_places):
        scan(east, guard, place, 5 + minutes * 5)
    with clock.frozen_at(NOW + timedelta(minutes=30)):
        rounds.finish(east.id, guard)
    scan(west, guard, west_places[0], 5)
    return east, west, north


def test_rounds_left_unfinished_are_judged_by_the_clock_and_head_the_board(client, login, morning):
    east, west, north = morning
    patrol(NOW + timedelta(minutes=74))
    assert Round.get_by_id(west.id).state != INCOMPLETE      # the grace is not over yet
    patrol(NOW + timedelta(minutes=76))
    assert [Round.get_by_id(r.id).state for r in morning] == [DONE, INCOMPLETE, MISSED]
    login("head")
    board = page(client, "/patrol/board")
    west_at, north_at, east_at = (board.index(name) for name in ("西区巡逻", "北区巡逻", "东区巡逻"))
    assert max(west_at, north_at) < east_at, "the exceptions come before the round that was done"
    assert "未完成" in board and "漏巡" in board and "已完成" in board


def test_the_exceptions_report_names_the_checkpoints_left_uncovered(client, login, morning):
    patrol(NOW + timedelta(minutes=76))
    login("head")
    report = page(client, "/patrol/exceptions?day=2026-11-23")
    assert "西区巡逻2号点, 西区巡逻3号点" in report and "北区巡逻1号点, 北区巡逻2号点, 北区巡逻3号点" in report
    assert "东区巡逻1号点" not in report
    csv = page(client, "/patrol/exceptions?day=2026-11-23&format=csv")
    assert "西区巡逻2号点, 西区巡逻3号点" in csv and "漏巡" in csv and "东区巡逻" not in csv
    assert "东区" not in page(client, "/patrol/exceptions?day=2026-11-22")


def test_the_report_narrowed_to_a_shift_keeps_only_its_rounds(client, login, estate, morning):
    patrol(NOW + timedelta(minutes=76))
    days = Shift.create(estate=estate, team="security", name="白班", starts="08:00", ends="20:00")
    nights = Shift.create(estate=estate, team="security", name="夜班", starts="20:00", ends="08:00")
    login("head")
    assert "西区巡逻2号点" in page(client, f"/patrol/exceptions?day=2026-11-23&shift={days.id}")
    assert "西区巡逻2号点" not in page(client, f"/patrol/exceptions?day=2026-11-23&shift={nights.id}")


def test_a_typed_scan_is_flagged_in_words_on_the_board_the_round_and_the_report(client, login, estate, staff):
    round_, places = walked(estate, "车库巡逻", "10:00")
    scan(round_, staff["guard"], places[0], 5, via="typed")
    login("head")
    board = page(client, "/patrol/board", at=NOW + timedelta(minutes=10))
    assert "待复核的扫码：1" in board
    detail = page(client, f"/patrol/board/rounds/{round_.id}", at=NOW + timedelta(minutes=10))
    assert "手工输入编码" in detail and "车库巡逻2号点" in detail
    assert "手工输入编码" in page(client, "/patrol/exceptions?format=csv", at=NOW + timedelta(minutes=10))


def test_two_quick_scans_of_one_sticker_are_flagged_as_repeated(client, login, estate, staff):
    round_, places = walked(estate, "车库巡逻", "10:00")
    scan(round_, staff["guard"], places[0], 5)
    with clock.frozen_at(NOW + timedelta(minutes=5, seconds=20)):
        rounds.scan(round_.id, staff["guard"], places[0].token, "again", "camera")
    login("head")
    assert "一分钟内重复扫同一贴纸" in page(client, f"/patrol/board/rounds/{round_.id}", at=NOW + timedelta(minutes=6))


def test_only_supervisors_see_the_board(client, login, estate, staff, morning):
    login("guard2")
    assert client.get("/patrol/board").status_code == 403
    assert client.get("/patrol/exceptions").status_code == 403
    assert client.get(f"/patrol/board/rounds/{morning[0].id}").status_code == 403


def test_the_security_lead_sees_the_board(client, login, estate, staff, morning):
    Team.update(lead=staff["guard"]).where((Team.estate == estate) & (Team.code == "security")).execute()
    login("guard")
    assert "西区巡逻" in page(client, "/patrol/board", at=NOW + timedelta(minutes=20))


def test_another_estates_round_is_not_found(client, login, staff):
    elsewhere = factories.estate(code="YY", name="阳光小区")
    route = factories.route(elsewhere, 2, name="阳光巡逻")
    factories.patrol_plan(elsewhere, route, first="10:00", last=None, every=None)
    make_rounds(elsewhere, NOW)
    login("head")
    assert client.get(f"/patrol/board/rounds/{Round.get().id}").status_code == 404
    assert "阳光巡逻" not in page(client, "/patrol/board")


def test_the_csv_keeps_a_formula_looking_route_name_as_text(client, login, estate, staff):
    walked(estate, "=cmd", "10:00")
    patrol(NOW + timedelta(minutes=76))
    login("head")
    csv = page(client, "/patrol/exceptions?day=2026-11-23&format=csv")
    assert "'=cmd" in csv and not re.search(r"(^|,)=cmd", csv, re.M)


def test_an_unchanged_board_poll_is_answered_with_nothing(client, login, morning):
    login("head")
    with clock.frozen_at(AFTER):
        fragment = client.get("/patrol/board", headers={"HX-Request": "true"}).get_data(as_text=True)
        position = re.search(r'data-cursor="([^"]+)"', fragment).group(1)
        poll = client.get(f"/patrol/board?since={position}", headers={"HX-Request": "true"})
    assert poll.status_code == 204
