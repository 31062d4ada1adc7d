"""The key figures on a hand-made set of tickets, each worked out by hand; no database."""
from webapp.domain import kpis
from webapp.domain.targets import stage_targets

# Ten hand-made tickets: (kind, state, rating, reopened, revisited, minutes to resolve)
TICKETS = [
    ("complaint", "closed", 5, False, True, 300),
    ("complaint", "closed", 2, False, True, 1500),
    ("complaint", "done", None, False, False, 600),
    ("complaint", "dispatched", None, False, False, None),
    ("complaint", "cancelled", None, False, False, None),
    ("repair", "closed", 4, False, True, 120),
    ("repair", "closed", 3, True, True, 2000),
    ("repair", "done", None, False, False, 60),
    ("repair", "accepted", None, False, False, None),
    ("help", "closed", 5, False, True, 30),
]
RESOLVED = ("done", "closed")


def _of(kind):
    return [t for t in TICKETS if t[0] == kind]


def test_valid_complaint_handling_rate():
    valid = [t for t in _of("complaint") if t[1] != "cancelled"]       # 4 valid complaints
    handled = [t for t in valid if t[1] in RESOLVED]                    # 3 done or closed
    assert kpis.complaint_handling_rate(len(handled), len(valid)) == 75.0  # 3 / 4 = 75 %


def test_complaint_timeliness_rate_counts_resolutions_within_target():
    target = stage_targets("complaint")["resolve"]                     # 2 × 570 = 1140 working minutes
    resolved = [t[5] for t in _of("complaint") if t[1] in RESOLVED]    # 300, 1500, 600
    within = sum(1 for m in resolved if m <= target)                    # 300 and 600 → 2
    assert kpis.complaint_timeliness_rate(within, len(resolved)) == 66.7  # 2 / 3 = 66.7 %


def test_repair_timeliness_and_revisit_rates():
    done = [t for t in _of("repair") if t[1] in RESOLVED]              # 3 repairs done
    within = sum(1 for t in done if t[5] <= stage_targets("repair")["resolve"])  # 120, 60 ≤ 1440 → 2
    revisited = sum(1 for t in done if t[4])                            # 2 revisited
    assert kpis.repair_timeliness_rate(within, len(done)) == 66.7      # 2 / 3
    assert kpis.repair_revisit_rate(revisited, len(done)) == 66.7      # 2 / 3


def test_revisit_rate_over_every_ticket_done():
    done = [t for t in TICKETS if t[1] in RESOLVED]                    # 7 done or closed
    revisited = sum(1 for t in done if t[4])                            # 5
    assert kpis.revisit_rate(revisited, len(done)) == 71.4             # 5 / 7 = 71.43 %


def test_satisfaction_rate_and_average():
    ratings = [t[2] for t in TICKETS]                                   # rated: 5, 2, 4, 3, 5
    assert kpis.satisfaction_rate(ratings) == 60.0                     # 4 or 5: 5, 4, 5 → 3 / 5
    assert kpis.average_satisfaction(ratings) == 3.8                   # (5+2+4+3+5) / 5 = 19 / 5


def test_complaints_per_hundred_units():
    assert kpis.complaints_per_100_units(len(_of("complaint")), 12) == 41.67  # 5 × 100 / 12


def test_reopened_share():
    reopened = sum(1 for t in TICKETS if t[3])                          # 1 of 10 tickets
    assert kpis.reopened_share(reopened, len(TICKETS)) == 10.0         # 1 / 10


def test_nothing_to_divide_by_gives_no_figure_not_zero():
    assert kpis.complaint_handling_rate(0, 0) is None
    assert kpis.satisfaction_rate([None, None]) is None
    assert kpis.average_satisfaction([]) is None
    assert kpis.complaints_per_100_units(3, 0) is None


def test_time_summary_median_p90_and_share_within_target():
    minutes = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    targets = [45] * 10
    summary = kpis.time_summary(minutes, targets)
    # nearest rank: median = 5th of 10 = 50; p90 = 9th of 10 = 90; within 45: 10, 20, 30, 40 → 4 / 10
    assert summary == dict(count=10, median=50, p90=90, within=40.0)


def test_time_summary_of_nothing():
    assert kpis.time_summary([], []) == dict(count=0, median=None, p90=None, within=None)


def test_estate_response_target_overrides_the_default():
    assert stage_targets("repair")["respond"] == 30
    assert stage_targets("repair", {"repair": 10})["respond"] == 10
    assert stage_targets("complaint")["clock"] == "working"
    assert stage_targets("help")["arrive"] < stage_targets("repair")["arrive"]  # help: arrive fastest


def test_change_from_the_previous_period():
    assert kpis.change(75.0, 60.0) == 15.0
    assert kpis.change(None, 60.0) is None


def test_stage_times_leave_out_holds():
    # minutes on the kind's clock: taken 0, dispatched 5, accepted 20, on site 50, done 400, revisited 1000;
    # 100 minutes on hold (waiting for parts) after arriving
    times = dict(kpis.stage_times("repair", 0, 5, 20, 50, 400, 1000, paused=100, first_hold=60))
    assert times == dict(respond=15,      # 20 − 5: from the dispatch, not from intake
                         arrive=50,       # the hold came after the arrival: it did not delay it
                         resolve=300,     # 400 − 100 on hold
                         revisit=600)     # 1000 − 400: holds are over by then


def test_a_hold_before_anyone_arrived_does_not_count_in_the_arrival():
    # accepted at 20, on hold 30 minutes from 25 (the owner was out), on site at 90
    times = dict(kpis.stage_times("repair", 0, None, 20, 90, 200, None, paused=30, first_hold=25))
    assert times == dict(respond=20, arrive=60, resolve=170)  # 90 − 30, 200 − 30


def test_stage_times_only_of_stages_reached():
    # a complaint accepted and done, never dispatched nor revisited: no arrival stage for a complaint
    assert kpis.stage_times("complaint", 0, None, 30, 45, 200, None) == [("respond", 30), ("resolve", 200)]


def test_revisit_time_is_shown_beside_the_other_stages():
    assert [stage for stage, _label in kpis.STAGES_SHOWN] == ["respond", "arrive", "resolve", "revisit"]


def test_a_time_misses_its_target_only_when_past_it():
    assert not kpis.missed(1140, 1140) and kpis.missed(1141, 1140) and not kpis.missed(10**6, None)
