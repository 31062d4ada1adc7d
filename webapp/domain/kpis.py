"""The service center's key figures (KPIs), each defined once, named as the industry names them."""
from collections import namedtuple
from math import ceil

from . import N_
from .clocks import ARRIVING_KINDS

# A rating of 4 or 5 out of 5 (满意, 非常满意) counts as satisfied.
SATISFIED_FROM = 4

KPI = namedtuple("KPI", "code name definition")

KPIS = {kpi.code: kpi for kpi in (
    KPI("complaint_handling", N_("Valid complaint handling rate"),
        N_("Complaints handled (done or closed) / valid complaints (not cancelled)")),
    KPI("complaint_timeliness", N_("Complaint timeliness rate"),
        N_("Complaints resolved within the resolve target / complaints resolved")),
    KPI("repair_timeliness", N_("Repair timeliness rate"),
        N_("Repairs done within the resolve target / repairs done")),
    KPI("repair_revisit", N_("Repair return visit rate"),
        N_("Repairs revisited (owner reached) / repairs done")),
    KPI("revisit", N_("Return visit rate"),
        N_("Tickets revisited (owner reached) / tickets done that need a return visit")),
    KPI("satisfaction", N_("Satisfaction rate"),
        N_("Ratings of 4 or 5 out of 5 / tickets rated")),
    KPI("average_satisfaction", N_("Average satisfaction"),
        N_("Sum of ratings / tickets rated (out of 5)")),
    KPI("complaints_per_100", N_("Complaints per 100 units"),
        N_("Complaints × 100 / units of the estate")),
    KPI("reopened", N_("Reopened tickets share"),
        N_("Tickets reopened by the resident / tickets of the period")),
)}

STAGES_SHOWN = (("respond", N_("Response time")), ("arrive", N_("Arrival time")),
                ("resolve", N_("Resolution time")), ("revisit", N_("Return visit time")))
TIME_DEFINITION = N_("Median and 90th percentile in minutes on each kind's clock (round the clock for help and "
                     "repair, working time on the estate's calendar for the others), time on hold not counted; "
                     "share within the target of each kind")


def ratio(part, whole):
    """part / whole, or None when there is nothing to divide by."""
    return part / whole if whole else None


def percent(part, whole):
    """part / whole as a percentage rounded to one decimal, or None."""
    share = ratio(part, whole)
    return None if share is None else round(100 * share, 1)


def is_satisfied(rating):
    """Whether a 1–5 rating counts as satisfied."""
    return rating is not None and rating >= SATISFIED_FROM


def complaint_handling_rate(handled, valid):
    """有效投诉处理率 in percent."""
    return percent(handled, valid)


def complaint_timeliness_rate(within_target, resolved):
    """投诉处理及时率 in percent."""
    return percent(within_target, resolved)


def repair_timeliness_rate(within_target, done):
    """维修及时率 in percent."""
    return percent(within_target, done)


def repair_revisit_rate(revisited, done):
    """维修回访率 in percent."""
    return percent(revisited, done)


def revisit_rate(revisited, due):
    """回访率 in percent."""
    return percent(revisited, due)


def satisfaction_rate(ratings):
    """满意率 in percent of the given ratings (None ignored)."""
    rated = [r for r in ratings if r is not None]
    return percent(sum(1 for r in rated if is_satisfied(r)), len(rated))


def average_satisfaction(ratings):
    """The mean rating out of 5, to two decimals, or None when nobody rated."""
    rated = [r for r in ratings if r is not None]
    return round(sum(rated) / len(rated), 2) if rated else None


def complaints_per_100_units(complaints, units):
    """每百户投诉数, to two decimals."""
    share = ratio(complaints * 100, units)
    return None if share is None else round(share, 2)


def reopened_share(reopened, tickets):
    """Share of tickets reopened by the resident, in percent."""
    return percent(reopened, tickets)


def nearest_rank(values, fraction):
    """The nearest-rank percentile of a list of numbers (fraction 0.5 = median, 0.9 = p90), or None."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, ceil(fraction * len(ordered))) - 1]


def stage_times(kind, created, dispatched, accepted, arrived, done, visited, first_hold=None, paused=0):
    """[(stage, minutes)] of each stage a ticket has been through: respond (last dispatch, else intake → accepted),
    arrive (intake → on site, help and repair), resolve (intake → done), revisit (done → first return visit that
    reached the owner). The moments are minutes on the kind's clock (None: not reached), so a difference is the
    stage's time on that clock. Holds (`paused` minutes, the first from `first_hold`) do not count in resolve, nor
    in arrive when the order was put on hold before anyone arrived. Written out plainly: reports call it 50,000
    times."""
    paused = paused or 0
    times = []
    if accepted is not None:
        times.append(("respond", max(0.0, accepted - (created if dispatched is None else dispatched))))
    if arrived is not None and kind in ARRIVING_KINDS:
        held_first = first_hold is not None and first_hold < arrived
        times.append(("arrive", max(0.0, arrived - created - (paused if held_first else 0))))
    if done is not None:
        times.append(("resolve", max(0.0, done - created - paused)))
        if visited is not None:
            times.append(("revisit", max(0.0, visited - done)))
    return times


def missed(minutes, target):
    """Whether a stage's time went past its target (no target: never missed)."""
    return target is not None and minutes > target


def time_summary(minutes, targets):
    """{count, median, p90, within}: durations in minutes; `targets` the limit of each duration (None: no
    limit), `within` the percentage of limited durations that kept it."""
    limited = [(m, t) for m, t in zip(minutes, targets) if t is not None]
    kept = sum(1 for m, t in limited if not missed(m, t))
    return dict(count=len(minutes), median=_rounded(nearest_rank(minutes, 0.5)),
                p90=_rounded(nearest_rank(minutes, 0.9)), within=percent(kept, len(limited)))


def _rounded(value):
    return None if value is None else round(value)


def change(current, previous):
    """current − previous, or None when either is unknown."""
    if current is None or previous is None:
        return None
    return round(current - previous, 2)
