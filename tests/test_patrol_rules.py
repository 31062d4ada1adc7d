"""The patrol rules at their edges: when rounds fall due, how a visit and a round are judged, what is flagged."""
from datetime import date, datetime, time, timedelta

import pytest

from webapp.domain import Refused
from webapp.domain import patrol as p

T0 = datetime(2026, 11, 23, 12, 0)  # a round's time (naive UTC)
WINDOW = p.window_of(T0, 60, 15)    # to be walked by 13:00, closes 13:15


def at(minutes, seconds=0):
    return T0 + timedelta(minutes=minutes, seconds=seconds)


def test_every_two_hours_overnight_belongs_to_the_evening_it_starts():
    schedule = p.Schedule(first=time(20), last=time(6), every=120)
    starts = p.starts_on(schedule, date(2026, 11, 23))
    assert [s.strftime("%d %H:%M") for s in starts] == ["23 20:00", "23 22:00", "24 00:00", "24 02:00",
                                                         "24 04:00", "24 06:00"]


def test_a_plan_on_given_weekdays_makes_no_rounds_on_other_days():
    schedule = p.Schedule(first=time(9), weekdays=frozenset({0, 2, 4}))   # Mon, Wed, Fri
    assert p.starts_on(schedule, date(2026, 11, 23)) == [datetime(2026, 11, 23, 9)]   # a Monday
    assert p.starts_on(schedule, date(2026, 11, 24)) == []                            # a Tuesday


def test_an_overnight_series_on_friday_only_runs_into_saturday_morning():
    schedule = p.Schedule(first=time(22), last=time(2), every=120, weekdays=frozenset({4}))
    assert [s.isoformat() for s in p.starts_on(schedule, date(2026, 11, 27))] == [
        "2026-11-27T22:00:00", "2026-11-28T00:00:00", "2026-11-28T02:00:00"]
    assert p.starts_on(schedule, date(2026, 11, 28)) == []


@pytest.mark.parametrize("moment, verdict", [
    (at(-1), p.EARLY),              # before the round's time
    (at(0), p.ON_TIME),             # at its very start
    (at(60), p.ON_TIME),            # the window's last moment
    (at(60, 1), p.LATE),            # a second past the window: within the grace
    (at(75), p.LATE),               # the grace's last moment
    (at(75, 1), None),              # the round has closed: not a visit of it
])
def test_visit_verdict_at_the_edges_of_window_and_grace(moment, verdict):
    assert p.visit_verdict(moment, WINDOW) == verdict


def test_a_checkpoint_scanned_before_its_not_before_time_is_early_even_inside_the_window():
    not_before = at(30)
    assert p.visit_verdict(at(29, 59), WINDOW, not_before) == p.EARLY
    assert p.visit_verdict(at(30), WINDOW, not_before) == p.ON_TIME


def test_overnight_round_window_crosses_midnight():
    window = p.window_of(datetime(2026, 11, 23, 23, 30), 60, 15)
    assert p.visit_verdict(datetime(2026, 11, 24, 0, 20), window) == p.ON_TIME
    assert p.visit_verdict(datetime(2026, 11, 24, 0, 40), window) == p.LATE
    assert p.visit_verdict(datetime(2026, 11, 24, 0, 46), window) is None


@pytest.mark.parametrize("stops, covered, outcome", [(10, 10, p.DONE), (10, 9, p.INCOMPLETE),
                                                     (10, 1, p.INCOMPLETE), (10, 0, p.MISSED)])
def test_round_outcome(stops, covered, outcome):
    assert p.round_outcome(stops, covered) == outcome


def test_a_round_starts_ten_minutes_early_at_most_and_never_after_it_closed():
    with pytest.raises(Refused):
        p.check_start(p.WAITING, WINDOW, at(-11), None, 1)
    p.check_start(p.WAITING, WINDOW, at(-10), None, 1)
    p.check_start(p.WAITING, WINDOW, at(75), None, 1)
    with pytest.raises(Refused):
        p.check_start(p.WAITING, WINDOW, at(75, 1), None, 1)


def test_someone_elses_round_is_taken_over_with_a_reason_not_started():
    with pytest.raises(Refused):
        p.check_start(p.WAITING, WINDOW, at(0), 7, 8)
    with pytest.raises(Refused):
        p.check_handover(p.UNDERWAY, 8, 7, "  ")
    p.check_handover(p.UNDERWAY, 8, 7, "胃痛，换人")
    with pytest.raises(Refused):
        p.check_handover(p.DONE, 8, 7, "太晚了")


def test_a_scan_made_offline_before_the_close_still_counts_after_it():
    p.check_scan(p.MISSED, WINDOW, at(70))          # made in the grace, arrived after the clock closed it
    with pytest.raises(Refused):
        p.check_scan(p.MISSED, WINDOW, at(76))


def test_reckoned_time_corrects_the_phones_clock_by_its_difference_at_sending():
    received = at(40)
    # The phone's clock runs 5 minutes fast; it scanned, then sent 25 minutes later (back in signal).
    device_scan, device_sent = at(15 + 5), at(40 + 5)
    happened, skew = p.reckoned_time(received, device_scan, device_sent)
    assert happened == at(15) and skew == timedelta(minutes=-5)
    assert p.reckoned_time(received) == (received, None)


def test_flags_for_review():
    walk = timedelta(minutes=3)
    assert p.IMPOSSIBLE_WALK in p.scan_flags(at(0, 50), at(0, 50), None, "camera", previous=at(0), expected_walk=walk)
    assert p.scan_flags(at(2), at(2), None, "camera", previous=at(0), expected_walk=walk) == []
    assert p.REPEATED in p.scan_flags(at(0, 30), at(0, 30), None, "camera", same_stop_at=at(0))
    assert p.CLOCK_SKEW in p.scan_flags(at(0), at(0), timedelta(minutes=-3), "camera")
    assert p.CLOCK_SKEW not in p.scan_flags(at(0), at(0), timedelta(minutes=1), "camera")
    assert p.OFFLINE in p.scan_flags(at(0), at(2), timedelta(0), "camera")
    assert p.TYPED in p.scan_flags(at(0), at(0), None, "typed")


def test_strict_order_flags_a_checkpoint_scanned_before_those_ahead_of_it():
    assert p.is_out_of_order(p.STRICT, {0, 1}, 3)
    assert not p.is_out_of_order(p.STRICT, {0, 1, 2}, 3)
    assert not p.is_out_of_order(p.FREE, set(), 3)


def test_walks_add_up_along_the_route_either_way():
    walks = [0, 2, 3, 4]
    assert p.walk_between(walks, 0, 2) == timedelta(minutes=5)
    assert p.walk_between(walks, 3, 1) == timedelta(minutes=7)
    assert p.expected_offsets(walks) == [0, 2, 5, 9]


def test_a_plan_whose_rounds_would_overlap_is_refused():
    with pytest.raises(Refused):
        p.check_plan(p.Schedule(time(20), time(6), every=60), 60, 15)
    p.check_plan(p.Schedule(time(20), time(6), every=120), 60, 15)
