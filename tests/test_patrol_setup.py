"""The center sets its patrol up itself: routes of checkpoints and the plans of when each team walks them, every
change recorded; only the heads and team leads may, and only in their own estate."""
import pytest

from webapp.models import AuditEntry, Round, Team, rounds
from webapp.models.patrol import Plan, Route, RouteStop, make_rounds
from webapp.models.place import create_place

from . import factories


@pytest.fixture
def checkpoints(estate):
    return [create_place(estate, name=f"{n}号巡查点", kind="checkpoint") for n in range(1, 5)]


def stop_names(route):
    return [s.place.name for s in Route.get_by_id(route.id).ordered_stops()]


def make_route(client, name="夜间安防巡逻", sequence="strict"):
    response = client.post("/patrol/routes", data={"name": name, "sequence": sequence})
    assert response.status_code == 303, response.data
    return Route.get(Route.name == name)


def add(client, route, place, walk, not_before=""):
    return client.post(f"/patrol/routes/{route.id}/stops",
                       data={"place": place.id, "walk_minutes": walk, "not_before": not_before})


def plan_data(route, **fields):
    data = {"route": route.id, "team": "security", "first": "20:00", "last": "06:00", "every": "120",
            "weekdays": ["0", "1", "2", "3", "4"], "window": "60", "grace": "15"}
    return data | fields


def test_a_head_builds_a_route_reorders_and_removes_checkpoints(client, login, checkpoints):
    login("head")
    route = make_route(client)
    assert add(client, route, checkpoints[0], 0).status_code == 303
    assert add(client, route, checkpoints[1], 3, not_before="30").status_code == 303
    assert add(client, route, checkpoints[2], 4).status_code == 303
    page = client.get("/patrol/routes").get_data(as_text=True)
    assert "夜间安防巡逻" in page and "7 分钟" in page

    third = RouteStop.get((RouteStop.route == route) & (RouteStop.position == 2))
    moved = client.post(f"/patrol/routes/{route.id}/stops/{third.id}/up", headers={"HX-Request": "true"})
    assert moved.status_code == 200 and 'id="route-stops"' in moved.get_data(as_text=True)
    assert stop_names(route) == ["1号巡查点", "3号巡查点", "2号巡查点"]

    first = RouteStop.get((RouteStop.route == route) & (RouteStop.position == 0))
    assert client.post(f"/patrol/routes/{route.id}/stops/{first.id}/removal").status_code == 303
    assert stop_names(route) == ["3号巡查点", "2号巡查点"]
    assert [s.position for s in Route.get_by_id(route.id).ordered_stops()] == [0, 1]
    page = client.get(f"/patrol/routes/{route.id}").get_data(as_text=True)
    assert "不早于 30 分钟" in page


def test_the_route_links_to_its_checkpoints_stickers(client, login, estate):
    route = factories.route(estate, 2)
    ids = [s.place_id for s in route.ordered_stops()]
    login("cshead")
    page = client.get(f"/patrol/routes/{route.id}").get_data(as_text=True)
    assert f"/places/labels?ids={ids[0]}&amp;ids={ids[1]}" in page


def test_a_checkpoint_is_on_a_route_once_and_walks_are_bounded(client, login, checkpoints):
    login("head")
    route = make_route(client)
    add(client, route, checkpoints[0], 0)
    again = add(client, route, checkpoints[0], 2)
    assert again.status_code == 422 and "已在此路线上" in again.get_data(as_text=True)
    assert add(client, route, checkpoints[1], 181).status_code == 422
    assert stop_names(route) == ["1号巡查点"]


def test_a_plan_every_two_hours_on_weekdays_is_shown_in_words(client, login, estate):
    route = factories.route(estate, 3)
    login("head")
    response = client.post("/patrol/plans/new", data=plan_data(route))
    assert response.status_code == 303, response.data
    page = client.get("/patrol/plans").get_data(as_text=True)
    assert "周一、二、三、四、五 20:00–06:00 每 2 小时" in page
    assert Plan.get().weekdays == "01234"


def test_single_times_are_listed_and_every_day_is_daily(client, login, estate):
    route = factories.route(estate, 3)
    login("head")
    client.post("/patrol/plans/new", data=plan_data(route, first="09:00", last="15:00", every="360", weekdays=[]))
    client.post("/patrol/plans/new", data=plan_data(route, first="9:00", last="", every="", weekdays=["0", "2", "4"]))
    page = client.get("/patrol/plans").get_data(as_text=True)
    assert "每天 09:00、15:00" in page and "周一、三、五 09:00" in page


def test_an_overlapping_plan_is_refused_with_the_entries_kept(client, login, estate):
    route = factories.route(estate, 3)
    login("head")
    response = client.post("/patrol/plans/new", data=plan_data(route, every="60", last="23:30"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "各轮会重叠" in page and 'value="23:30"' in page and 'value="60"' in page
    assert not Plan.select().exists()


def test_last_time_and_every_go_together(client, login, estate):
    route = factories.route(estate, 3)
    login("head")
    assert client.post("/patrol/plans/new", data=plan_data(route, every="")).status_code == 422
    assert not Plan.select().exists()


def test_a_plan_is_edited_and_stopped(client, login, estate):
    route = factories.route(estate, 3)
    plan = factories.patrol_plan(estate, route)
    login("cshead")
    assert client.post(f"/patrol/plans/{plan.id}", data=plan_data(route, every="180")).status_code == 303
    assert Plan.get_by_id(plan.id).every == 180
    assert client.post(f"/patrol/plans/{plan.id}/stopping").status_code == 303
    assert not Plan.get_by_id(plan.id).active
    assert "已停止" in client.get("/patrol/plans").get_data(as_text=True)


def test_a_route_walked_by_an_active_plan_cannot_be_retired(client, login, estate):
    route = factories.route(estate, 3)
    plan = factories.patrol_plan(estate, route)
    login("head")
    refused = client.post(f"/patrol/routes/{route.id}/retirement")
    assert refused.status_code == 422 and "先停止" in refused.get_data(as_text=True)
    assert not Route.get_by_id(route.id).retired
    client.post(f"/patrol/plans/{plan.id}/stopping")
    assert client.post(f"/patrol/routes/{route.id}/retirement").status_code == 303
    assert Route.get_by_id(route.id).retired
    assert f'id="route-{route.id}"' not in client.get("/patrol/routes").get_data(as_text=True)


def test_a_guard_who_leads_no_team_may_not_set_patrol_up(client, login, estate):
    route = factories.route(estate, 3)
    plan = factories.patrol_plan(estate, route)
    login("guard")
    for path in ("/patrol/routes", f"/patrol/routes/{route.id}", "/patrol/plans", "/patrol/plans/new",
                 f"/patrol/plans/{plan.id}"):
        assert client.get(path).status_code == 403, path
    assert client.post("/patrol/routes", data={"name": "偷偷加的", "sequence": "free"}).status_code == 403
    assert client.post(f"/patrol/plans/{plan.id}/stopping").status_code == 403
    assert Plan.get_by_id(plan.id).active and not Route.select().where(Route.name == "偷偷加的").exists()


def test_the_security_lead_plans_for_security_only(client, login, estate, staff):
    Team.update(lead=staff["guard"]).where((Team.estate == estate) & (Team.code == "security")).execute()
    route = factories.route(estate, 3)
    engineering = factories.patrol_plan(estate, route, first="09:00", last=None, every=None, team="engineering")
    login("guard")
    assert client.get("/patrol/routes").status_code == 200
    assert client.post("/patrol/plans/new", data=plan_data(route, team="engineering")).status_code == 422
    assert client.post("/patrol/plans/new", data=plan_data(route)).status_code == 303
    assert client.get(f"/patrol/plans/{engineering.id}").status_code == 403


def test_another_estates_routes_and_plans_are_not_found(client, login, staff):
    other = factories.estate(code="LY", name="丽园")
    route = factories.route(other, 2)
    plan = factories.patrol_plan(other, route)
    stop = route.ordered_stops().first()
    login("head")
    assert client.get(f"/patrol/routes/{route.id}").status_code == 404
    assert client.post(f"/patrol/routes/{route.id}/stops/{stop.id}/removal").status_code == 404
    assert client.post(f"/patrol/routes/{route.id}/retirement").status_code == 404
    assert client.get(f"/patrol/plans/{plan.id}").status_code == 404
    assert client.post(f"/patrol/plans/{plan.id}/stopping").status_code == 404
    assert Plan.get_by_id(plan.id).active and len(stop_names(route)) == 2


def test_every_change_is_in_the_audit_record(client, login, estate, checkpoints, staff):
    login("head")
    route = make_route(client)
    add(client, route, checkpoints[0], 0)
    add(client, route, checkpoints[1], 3)
    second = RouteStop.get((RouteStop.route == route) & (RouteStop.position == 1))
    client.post(f"/patrol/routes/{route.id}/stops/{second.id}/up")
    client.post(f"/patrol/routes/{route.id}", data={"name": "夜间巡逻（新）", "sequence": "free"})
    client.post("/patrol/plans/new", data=plan_data(route))
    plan = Plan.get()
    client.post(f"/patrol/plans/{plan.id}", data=plan_data(route, every="180"))
    client.post(f"/patrol/plans/{plan.id}/stopping")
    client.post(f"/patrol/routes/{route.id}/retirement")
    entries = list(AuditEntry.select().where(AuditEntry.estate == estate).order_by(AuditEntry.id))
    assert all(e.staff_id == staff["head"].id for e in entries)
    route_changes = [e.changes for e in entries if e.subject == "route"]
    assert len(route_changes) == 6  # made, two checkpoints added, one moved, renamed, retired
    assert route_changes[3] == [("checkpoints", "1号巡查点 (0′) → 2号巡查点 (3′)",
                                 "2号巡查点 (3′) → 1号巡查点 (0′)")]
    assert ("retired", False, True) in route_changes[-1]
    plan_changes = [e.changes for e in entries if e.subject == "plan"]
    assert len(plan_changes) == 3 and ("every", 120, 180) in plan_changes[1]
    assert plan_changes[2] == [("active", True, False)]


def test_the_center_setup_page_links_to_routes_and_plans(client, login):
    login("head")
    page = client.get("/settings/center").get_data(as_text=True)
    assert "/patrol/routes" in page and "/patrol/plans" in page


def test_a_checkpoint_already_scanned_comes_off_its_route_and_stays_in_the_rounds_record(client, login, estate,
                                                                                         staff):
    route = factories.route(estate, 3)
    factories.patrol_plan(estate, route, first="10:00", last=None, every=None)
    make_rounds(estate)
    walked = Round.get()
    first = route.ordered_stops().first()
    rounds.start(walked.id, staff["guard"])
    rounds.scan(walked.id, staff["guard"], first.place.token, "scan-1", "camera")
    kept = stop_names(route)[1:]
    login("head")
    removal = f"/patrol/routes/{route.id}/stops/{first.id}/removal"
    assert client.post(removal).status_code == 303
    assert stop_names(route) == kept
    assert [s.position for s in Route.get_by_id(route.id).ordered_stops()] == [0, 1]
    assert client.post(removal).status_code == 404                  # a second tap from a stale page
    # The round under way covered it already, so it still has three to cover; its record says where the guard was.
    assert Round.get_by_id(walked.id).stops == 3
    detail = client.get(f"/patrol/board/rounds/{walked.id}").get_data(as_text=True)
    assert first.place.name in detail
    # Put back, it goes to the end of the route.
    assert add(client, route, first.place, 2).status_code == 303
    assert stop_names(route) == kept + [first.place.name]


def test_rounds_not_yet_started_walk_the_route_as_it_is_now(client, login, estate, checkpoints):
    route = factories.route(estate, 3)
    factories.patrol_plan(estate, route, first="14:00", last=None, every=None)
    make_rounds(estate)
    assert Round.get().stops == 3
    login("head")
    last = list(Route.get_by_id(route.id).ordered_stops())[-1]
    assert client.post(f"/patrol/routes/{route.id}/stops/{last.id}/removal").status_code == 303
    assert Round.get().stops == 2
    assert add(client, route, checkpoints[0], 3).status_code == 303
    assert Round.get().stops == 3


def test_a_round_under_way_needs_a_checkpoint_taken_off_no_more(client, login, estate, staff):
    route = factories.route(estate, 3)
    factories.patrol_plan(estate, route, first="10:00", last=None, every=None)
    make_rounds(estate)
    walked = Round.get()
    first, second, third = route.ordered_stops()
    rounds.start(walked.id, staff["guard"])
    rounds.scan(walked.id, staff["guard"], first.place.token, "scan-1", "camera")
    login("head")
    assert client.post(f"/patrol/routes/{route.id}/stops/{third.id}/removal").status_code == 303
    assert Round.get_by_id(walked.id).stops == 2
    rounds.scan(walked.id, staff["guard"], second.place.token, "scan-2", "camera")
    assert rounds.finish(walked.id, staff["guard"]).state == "done"
