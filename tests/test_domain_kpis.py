"""The key figures on a hand-made set of tickets, each worked out by hand; no database."""
from datetime import datetime, time

from webapp.domain import kpis
from webapp.domain.targets import desk_minutes, stage_targets, working_minutes

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


def test_working_minutes_skip_the_night():
    start, end = datetime(2026, 11, 23, 17, 0), datetime(2026, 11, 24, 9, 0)
    # 17:00–17:30 on Monday (30) + 08:00–09:00 on Tuesday (60) = 90
    assert working_minutes(start, end, time(8, 0), time(17, 30)) == 90


def test_working_minutes_skip_closed_days():
    start, end = datetime(2026, 11, 27, 17, 0), datetime(2026, 11, 30, 8, 30)
    closed = {datetime(2026, 11, 28).date(), datetime(2026, 11, 29).date()}
    # Friday 17:00–17:30 (30) + weekend closed + Monday 08:00–08:30 (30) = 60
    assert working_minutes(start, end, time(8, 0), time(17, 30), closed) == 60


def test_change_from_the_previous_period():
    assert kpis.change(75.0, 60.0) == 15.0
    assert kpis.change(None, 60.0) is None


def test_desk_minutes_agree_with_the_day_by_day_count():
    opens, closes = 8 * 60, 17 * 60 + 30
    epoch = datetime(1970, 1, 1)
    start, end = datetime(2026, 11, 23, 17, 0), datetime(2026, 11, 25, 9, 0)

    def minutes(moment):
        return (moment - epoch).total_seconds() / 60
    # Monday 17:00–17:30 (30) + Tuesday 08:00–17:30 (570) + Wednesday 08:00–09:00 (60) = 660
    assert desk_minutes(minutes(start), minutes(end), opens, closes) == 660
    assert working_minutes(start, end, time(8, 0), time(17, 30)) == 660
    assert desk_minutes(minutes(end), minutes(start), opens, closes) == 0
