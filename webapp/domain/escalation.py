"""Escalation past a target: a chain per kind (handler → team lead or area manager → CS head → center head), each
level reached at a multiple of the stage's target and alerted once per run of a stage."""
from datetime import timedelta

from .vocabulary import CHALLENGE, COMPLAINT, HELP, INQUIRY, REPAIR, SUGGESTION

HANDLER, TEAM_LEAD, AREA_MANAGER, CS_HEAD, CENTER_HEAD = "handler", "team_lead", "area_manager", "cs_head", "center_head"
RUNGS = (HANDLER, TEAM_LEAD, AREA_MANAGER, CS_HEAD, CENTER_HEAD)

# (rung, multiple of the stage's target at which it is alerted); level = position in the chain, from 1.
CHAINS = {
    # Help is urgent by nature: the lead hears at once, the center head at twice the target.
    HELP: ((HANDLER, 1), (TEAM_LEAD, 1), (CS_HEAD, 1.5), (CENTER_HEAD, 2)),
    REPAIR: ((HANDLER, 1), (TEAM_LEAD, 1.5), (CS_HEAD, 2), (CENTER_HEAD, 3)),
    # The owner's area manager answers for complaints and challenges (客户A岗 → 区域经理).
    COMPLAINT: ((HANDLER, 1), (AREA_MANAGER, 1), (CS_HEAD, 1.5), (CENTER_HEAD, 2)),
    CHALLENGE: ((HANDLER, 1), (AREA_MANAGER, 1), (CS_HEAD, 1.5), (CENTER_HEAD, 2)),
    INQUIRY: ((HANDLER, 1), (CS_HEAD, 2), (CENTER_HEAD, 4)),
    SUGGESTION: ((HANDLER, 1), (CS_HEAD, 2), (CENTER_HEAD, 4)),
}
# The return visit is the desk's: its head hears first.
REVISIT_CHAIN = ((CS_HEAD, 1), (CENTER_HEAD, 2))
# A stage that began longer ago is not escalated: after a long stop of the clock, or for tickets older than the
# feature, a backlog would flood the heads at once. The board still shows their clocks red.
HORIZON = timedelta(days=30)


def chain_of(kind, stage):
    """The escalation chain of a kind's stage."""
    return REVISIT_CHAIN if stage == "revisit" else CHAINS.get(kind, ())


def levels_due(kind, stage, elapsed, target, done=()):
    """[(level, rung)] reached by a clock that has run `elapsed` minutes of a `target`, not counting `done`."""
    if not target:
        return []
    return [(level, rung) for level, (rung, times) in enumerate(chain_of(kind, stage), 1)
            if level not in done and elapsed >= target * times]


def reached(kind, stage, elapsed, target):
    """The highest rung a clock has reached (what the board groups by), or None below its target."""
    due = levels_due(kind, stage, elapsed, target)
    return due[-1][1] if due else None


def within_horizon(stage_started, now):
    return now - stage_started <= HORIZON


def run_key(ticket_id, stage, started):
    """What names one run of a stage (a reassignment or a reopening starts another run)."""
    return f"{ticket_id}:{stage}:{started:%Y%m%d%H%M%S}"


def once_key(ticket_id, stage, started, level):
    """The alert's key: each level of each run of a stage is escalated once, however many clocks run."""
    return f"{run_key(ticket_id, stage, started)}:{level}"


def level_of(key):
    """The level a once key names."""
    return int(key.rsplit(":", 1)[1])


def recipient(rung, people):
    """Who a rung is: `people` maps handler, team_lead, on_duty_lead, area_manager, cs_head and center_head to a
    staff id or None. Nobody as handler (an order still in a queue): the lead on duty; no area manager: the
    team's lead; no team lead: the lead on duty. None: nobody by name (the estate's webhook still hears)."""
    lead = people.get(TEAM_LEAD) or people.get("on_duty_lead")
    if rung == HANDLER:
        return people.get(HANDLER) or people.get("on_duty_lead")
    if rung == TEAM_LEAD:
        return lead
    if rung == AREA_MANAGER:
        return people.get(AREA_MANAGER) or lead
    return people.get(rung)
