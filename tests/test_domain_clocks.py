"""The stage clocks: working time across weekends, holidays and make-up days, pauses on hold, amber and red."""
from datetime import date, datetime, time, timedelta

from webapp.domain.clocks import EstateClock, WorkingTime, clock_words, running_clock, stage_of
from webapp.domain.targets import stage_targets

DESK = (time(8, 0), time(17, 30))          # 570 working minutes a day
NATIONAL_DAY = {date(2026, 10, d) for d in range(1, 8)}   # Thu 1 – Wed 7 October
MAKE_UP = {date(2026, 10, 10)}                            # Saturday 10 October is worked (调休)
SHANGHAI = EstateClock("Asia/Shanghai", *DESK, holidays=NATIONAL_DAY, workdays=MAKE_UP)


def utc(local):
    """A Shanghai wall-clock moment as the naive UTC the database stores (UTC+8, no summer time)."""
    return local - timedelta(hours=8)


def test_the_night_is_not_working_time():
    assert WorkingTime(*DESK).minutes(datetime(2026, 11, 26, 17, 0), datetime(2026, 11, 27, 9, 0)) == 30 + 60


def test_a_weekend_is_not_working_time():
    friday_four, monday_nine = datetime(2026, 11, 27, 16, 0), datetime(2026, 11, 30, 9, 0)
    assert WorkingTime(*DESK).minutes(friday_four, monday_nine) == 90 + 60


def test_a_holiday_week_is_not_working_time_but_its_make_up_saturday_is():
    clock = WorkingTime(*DESK, holidays=NATIONAL_DAY, workdays=MAKE_UP)
    wednesday_before, thursday_after = datetime(2026, 9, 30, 17, 0), datetime(2026, 10, 8, 9, 0)
    assert clock.minutes(wednesday_before, thursday_after) == 30 + 60           # 1–7 Oct: holiday
    friday, saturday, monday = datetime(2026, 10, 9, 17, 0), datetime(2026, 10, 10, 9, 0), datetime(2026, 10, 12, 8)
    assert clock.minutes(friday, saturday) == 30 + 60                           # the make-up Saturday counts
    assert clock.minutes(saturday, monday) == 510                               # its afternoon, not Sunday


def test_the_moment_a_working_target_is_reached_skips_nights_weekends_and_holidays():
    clock = WorkingTime(*DESK, holidays=NATIONAL_DAY, workdays=MAKE_UP)
    assert clock.after(datetime(2026, 11, 27, 16, 0), 150) == datetime(2026, 11, 30, 9, 0)   # Fri → Mon
    assert clock.after(datetime(2026, 9, 30, 17, 0), 90) == datetime(2026, 10, 8, 9, 0)      # over the holiday
    for minutes in range(0, 3000, 61):  # and it is the inverse of counting
        start = datetime(2026, 9, 29, 7, 13)
        assert abs(clock.minutes(start, clock.after(start, minutes)) - minutes) < 1e-6


def test_each_state_has_the_stage_people_expect():
    assert [stage_of("repair", s) for s in ("new", "dispatched", "accepted", "on_site", "on_hold", "done")] == [
        "respond", "respond", "arrive", "resolve", "resolve", "revisit"]
    assert stage_of("complaint", "accepted") == "resolve"      # nobody goes anywhere for a complaint
    assert stage_of("repair", "closed") is None and stage_of("inquiry", "cancelled") is None
    assert stage_of("challenge", "done", needs_revisit=False) is None    # nothing to revisit: nothing timed


def test_a_complaint_resolve_clock_counts_working_time_over_a_weekend_and_the_holiday():
    targets = stage_targets("complaint")                        # resolve: 2 working days = 1140 min
    taken = utc(datetime(2026, 9, 30, 15, 30))                  # Wednesday before National Day, 15:30
    now = utc(datetime(2026, 10, 9, 10, 0))                     # Friday after it, 10:00
    clock = running_clock("complaint", "accepted", dict(created_at=taken), targets, now, SHANGHAI)
    assert (clock.stage, clock.clock) == ("resolve", "working")
    assert clock.elapsed == 120 + 570 + 120                     # Wed 2 h, Thu 8 Oct all day, Fri 2 h
    assert clock.lateness == "ok"                               # 810 of 1140: under 80 %
    assert clock.amber_at == utc(datetime(2026, 10, 9, 11, 42))  # 912 min: 690 + Friday 08:00 + 222 min
    assert clock.red_at == utc(datetime(2026, 10, 9, 15, 30))    # 1140 min: 690 + 450


def test_a_hold_stops_the_clock_and_earlier_holds_do_not_count():
    targets = stage_targets("repair")                           # resolve: 24 h round the clock
    created, now = datetime(2026, 11, 29, 0, 0), datetime(2026, 11, 29, 20, 0)
    held = running_clock("repair", "on_hold", dict(created_at=created, held_since=now - timedelta(hours=8),
                                                   paused_minutes=60), targets, now, SHANGHAI)
    assert held.paused and held.elapsed == 12 * 60 - 60         # stopped when the hold began, minus the 1st hold
    assert held.amber_at is None and held.red_at is None        # a stopped clock turns nothing
    later = running_clock("repair", "on_hold", dict(created_at=created, held_since=now - timedelta(hours=8),
                                                    paused_minutes=60), targets, now + timedelta(hours=30), SHANGHAI)
    assert later.elapsed == held.elapsed and later.lateness == "ok"
    resumed = running_clock("repair", "on_site", dict(created_at=created, paused_minutes=60 + 8 * 60), targets,
                            now, SHANGHAI)
    assert resumed.elapsed == 20 * 60 - 9 * 60 and not resumed.paused
    assert resumed.red_at == created + timedelta(minutes=24 * 60 + 9 * 60)


def test_a_clock_turns_amber_at_four_fifths_of_its_target_and_red_past_it():
    targets = stage_targets("help")                             # respond: 5 min
    created = datetime(2026, 11, 29, 12, 0)
    def at(minutes):
        return running_clock("help", "dispatched", dict(created_at=created), targets,
                             created + timedelta(minutes=minutes), SHANGHAI).lateness
    assert [at(3.9), at(4), at(5), at(5.1)] == ["ok", "amber", "amber", "red"]


def test_the_respond_clock_restarts_at_the_last_dispatch_and_revisit_counts_from_done():
    targets = stage_targets("repair")
    created, again, done = datetime(2026, 11, 29, 1), datetime(2026, 11, 29, 3), datetime(2026, 11, 29, 5)
    now = datetime(2026, 11, 29, 6)
    respond = running_clock("repair", "dispatched", dict(created_at=created, dispatched_at=again), targets, now,
                            SHANGHAI)
    revisit = running_clock("repair", "done", dict(created_at=created, done_at=done), targets, now, SHANGHAI)
    assert (respond.stage, respond.elapsed, revisit.stage, revisit.elapsed) == ("respond", 180, "revisit", 60)


def test_a_closed_ticket_has_no_clock_and_a_late_one_says_by_how_much_in_words():
    assert running_clock("repair", "closed", dict(created_at=datetime(2026, 1, 1)), stage_targets("repair"),
                         datetime(2026, 2, 1), SHANGHAI) is None
    assert clock_words(None)["stage"] is None
    created = datetime(2026, 11, 29, 12, 0)
    late = running_clock("help", "dispatched", dict(created_at=created), stage_targets("help"),
                         created + timedelta(minutes=7, seconds=30), SHANGHAI)
    words = clock_words(late)
    assert words["lateness"] == "red" and words["late"].params == {"minutes": 3}   # 2.5 min late: "3 min"


def test_a_target_falls_due_on_a_make_up_saturday_not_on_the_sunday_after():
    taken = utc(datetime(2026, 10, 8, 15, 30))                  # Thursday after National Day
    clock = running_clock("complaint", "accepted", dict(created_at=taken), stage_targets("complaint"),
                          utc(datetime(2026, 10, 8, 16, 0)), SHANGHAI)
    assert clock.red_at == utc(datetime(2026, 10, 10, 15, 30))  # Thu 120 + Fri 570 + Sat 450 = 1140


def test_a_repair_resumed_after_its_handler_arrived_is_in_the_resolve_stage_not_arriving_again():
    assert stage_of("repair", "accepted", arrived=True) == "resolve"
    clock = running_clock("repair", "accepted", dict(created_at=datetime(2026, 11, 29, 0),
                                                     arrived_at=datetime(2026, 11, 29, 1)),
                          stage_targets("repair"), datetime(2026, 11, 29, 5), SHANGHAI)
    assert (clock.stage, clock.target) == ("resolve", 24 * 60)


def test_urgent_repairs_have_tighter_targets_and_an_estate_may_set_any_cell():
    assert stage_targets("repair", urgent=True)["arrive"] == 30 < stage_targets("repair")["arrive"]
    assert stage_targets("repair", {"repair": 20}, urgent=True)["respond"] == 10   # the urgent target stands
    assert stage_targets("help", {"help": 3}, urgent=True)["respond"] == 3           # help: urgent by nature
    own = {("complaint", False, "resolve"): 3 * 570, ("complaint", False, "revisit"): 0}
    assert stage_targets("complaint", overrides=own)["resolve"] == 1710
    assert stage_targets("complaint", overrides=own)["revisit"] is None               # 0: not timed


def test_working_time_is_said_in_hours_never_in_days_of_24_hours():
    taken = utc(datetime(2026, 11, 23, 8, 0))                   # Monday 08:00
    clock = running_clock("complaint", "accepted", dict(created_at=taken), stage_targets("complaint"),
                          utc(datetime(2026, 11, 26, 10, 0)), SHANGHAI)    # Thursday 10:00: 3 × 570 + 120
    words = clock_words(clock)
    assert (words["elapsed"].params, words["target"].params) == ({"hours": 30, "minutes": 30}, {"hours": 19})
