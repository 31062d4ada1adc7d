"""Rounds on a real database: made from the plans with the guard on duty, walked, judged by the clock process once
and only once, and judged again when an offline scan arrives late."""
import threading
from datetime import timedelta

import pytest

from webapp import clock
from webapp.alerts.clock import patrol
from webapp.domain import Refused
from webapp.domain.patrol import (DONE, EARLY, INCOMPLETE, LATE, MISSED, OFFLINE, ON_TIME, REPEATED, UNDERWAY,
                                  WAITING)
from webapp.models import Round, RoundEvent, Ticket, Visit
from webapp.models import rounds
from webapp.models.patrol import make_rounds, save_plan, stop_plan
from webapp.models.place import Place

from . import factories
from .conftest import DESK_HOURS_UTC

NOW = DESK_HOURS_UTC  # 10:00 in Shanghai


@pytest.fixture
def walk(estate, staff):
    """Today's 10:00 round of a three-checkpoint route, the guard's (on duty today)."""
    return factories.round_today(estate)


def scan(round_, guard, place, minutes, key=None, **phone):
    with clock.frozen_at(NOW + timedelta(minutes=minutes)):
        return rounds.scan(round_.id, guard, place.token, key or f"scan-{place.id}-{minutes}", "camera", **phone)


def test_rounds_are_made_once_for_the_guard_on_duty(estate, staff):
    route = factories.route(estate, 3)
    factories.patrol_plan(estate, route, first="08:00", last="18:00", every=120)
    make_rounds(estate, NOW)
    make_rounds(estate, NOW)
    made = list(Round.select().order_by(Round.starts_at))
    # 10:00 … 18:00 local: the 08:00 round had closed before the plan was made, so it is no missed round.
    assert len(made) == 5
    assert {r.assignee_id for r in made} == {staff["guard"].id}
    assert made[0].starts_at == NOW and made[0].state == WAITING and made[0].stops == 3


def test_a_round_walked_in_time_is_done_with_each_visit_judged(walk, staff):
    round_, places = walk
    guard = staff["guard"]
    with clock.frozen_at(NOW - timedelta(minutes=5)):
        rounds.start(round_.id, guard)
    assert scan(round_, guard, places[0], -2).verdict == EARLY       # before the round's time: not covered
    assert scan(round_, guard, places[0], 3).verdict == ON_TIME
    assert scan(round_, guard, places[1], 20).verdict == ON_TIME
    assert scan(round_, guard, places[2], 70).verdict == LATE        # in the grace
    with clock.frozen_at(NOW + timedelta(minutes=71)):
        assert rounds.finish(round_.id, guard, "一切正常").state == DONE
    assert [e.action for e in RoundEvent.select().order_by(RoundEvent.id)] == ["start", "finish"]


def test_someone_else_cannot_start_the_guards_round(walk, staff):
    round_, _ = walk
    with pytest.raises(Refused):
        rounds.start(round_.id, staff["guard2"])
    rounds.hand_over(round_.id, staff["guard"], staff["guard2"], "临时去监控室")
    handed = rounds.start(round_.id, staff["guard2"])
    assert handed.assignee_id == staff["guard2"].id and handed.first_assignee_id == staff["guard"].id


def test_the_same_scan_sent_twice_is_one_visit(walk, staff):
    round_, places = walk
    first = scan(round_, staff["guard"], places[0], 5, key="phone-made-id")
    again = scan(round_, staff["guard"], places[0], 9, key="phone-made-id")
    assert again.id == first.id and Visit.select().count() == 1 and Round.get().covered == 1


def test_the_same_sticker_again_within_a_minute_is_flagged_and_not_counted_twice(walk, staff):
    round_, places = walk
    scan(round_, staff["guard"], places[0], 5)
    repeat = scan(round_, staff["guard"], places[0], 5.5)
    assert REPEATED in repeat.flag_list and not repeat.counted and Round.get().covered == 1


def test_clock_marks_a_round_nobody_walked_missed_and_a_half_walked_one_incomplete(estate, staff):
    route = factories.route(estate, 3)
    factories.patrol_plan(estate, route, first="10:00", last="12:00", every=120)
    make_rounds(estate, NOW)
    first, second = Round.select().order_by(Round.starts_at)
    places = [s.place for s in route.ordered_stops()]
    scan(second, staff["guard"], places[0], 125)
    assert patrol(NOW + timedelta(minutes=74)) == (0, 0)          # the 10:00 round's grace is not over yet
    assert patrol(NOW + timedelta(minutes=75)) == (0, 1)
    assert Round.get_by_id(first.id).state == MISSED
    assert patrol(NOW + timedelta(minutes=195)) == (0, 1)
    assert Round.get_by_id(second.id).state == INCOMPLETE
    assert patrol(NOW + timedelta(minutes=300)) == (0, 0)


def test_two_clocks_at_once_close_each_round_once(app, walk):
    round_, _ = walk
    barrier, results = threading.Barrier(2), []

    def clock_process():
        barrier.wait()
        results.append(rounds.close_due(NOW + timedelta(hours=2)))

    threads = [threading.Thread(target=clock_process) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 1]
    assert RoundEvent.select().where(RoundEvent.action == "close").count() == 1


def test_an_offline_scan_arriving_after_the_clock_closed_the_round_still_counts(walk, staff):
    round_, places = walk
    guard = staff["guard"]
    for minutes, place in ((5, places[0]), (15, places[1])):
        scan(round_, guard, place, minutes)
    patrol(NOW + timedelta(minutes=80))
    assert Round.get().state == INCOMPLETE
    # Scanned at 10:40 in the basement; the phone, 30 s slow, sent it at 11:30.
    phone = dict(device_at=NOW + timedelta(minutes=40, seconds=-30), device_sent=NOW + timedelta(minutes=90,
                                                                                                   seconds=-30))
    late = scan(round_, guard, places[2], 90, **phone)
    assert late.at == NOW + timedelta(minutes=40) and late.verdict == ON_TIME and OFFLINE in late.flag_list
    assert Round.get().state == DONE
    assert RoundEvent.select().where(RoundEvent.action == "rejudge").count() == 1


def test_a_scan_after_the_round_closed_is_refused_with_a_reason(walk, staff):
    round_, places = walk
    with pytest.raises(Refused):
        scan(round_, staff["guard"], places[0], 76)
    assert Visit.select().count() == 0


def test_a_sticker_not_on_the_route_is_refused(walk, staff, estate):
    round_, _ = walk
    elsewhere = Place.create(estate=estate, name="别处", kind="checkpoint", token="elsewhere-1")
    with pytest.raises(Refused):
        scan(round_, staff["guard"], elsewhere, 5)


def test_a_finding_becomes_a_patrol_ticket_routed_as_usual(walk, staff):
    round_, places = walk
    rounds.start(round_.id, staff["guard"])
    ticket = rounds.log_finding(round_.id, staff["guard"], places[1], "s1:k", kind="repair",
                                description="消防门闭门器坏了", urgent=False)
    assert ticket.channel == "patrol" and ticket.place_id == places[1].id and ticket.team == "engineering"
    assert Round.get().findings.count() == 1 and Ticket.select().count() == 1


def test_changing_a_plan_cancels_its_rounds_still_to_come(estate, staff):
    route = factories.route(estate, 2)
    plan = factories.patrol_plan(estate, route, first="14:00", last=None, every=None)
    make_rounds(estate, NOW)
    save_plan(estate, route, "security", "15:00", plan=plan)
    assert Round.get().state == "cancelled"
    make_rounds(estate, NOW)
    assert Round.select().where(Round.state == WAITING).count() == 1
    stop_plan(plan)
    assert Round.select().where(Round.state == WAITING).count() == 0


def test_starting_twice_at_once_starts_once(walk, staff):
    round_, _ = walk
    rounds.start(round_.id, staff["guard"])
    with pytest.raises(Refused):
        rounds.start(round_.id, staff["guard"])
    assert Round.get().state == UNDERWAY
