"""Swaps (换班): a person asks a colleague to take their shift (and perhaps gives theirs back), the colleague
accepts or declines, the team lead approves or rejects; only an approved swap changes who is on duty."""
from peewee import CharField, DateField, DateTimeField, ForeignKeyField

from .. import clock
from ..db import BaseModel, db
from ..domain import N_, Refused
from ..domain.duty import APPROVED, PENDING_SWAPS, REQUESTED, check_swap, swap_overrides, swap_step
from ..domain.vocabulary import CENTER_HEAD, CS_HEAD
from .audit import record, snapshot
from .duty import Shift, put_on
from .estate import Estate, Team, colleagues
from .people import Staff

SWAP_FIELDS = ("state", "answered_at", "decided_at", "decided_by")


class SwapRequest(BaseModel):
    estate = ForeignKeyField(Estate, backref="swaps", on_delete="CASCADE")
    team = CharField()
    shift = ForeignKeyField(Shift, backref="swaps", on_delete="CASCADE")
    day = DateField()
    requester = ForeignKeyField(Staff, backref="swaps_asked")
    partner = ForeignKeyField(Staff, backref="swaps_offered")
    their_shift = ForeignKeyField(Shift, null=True, on_delete="CASCADE")
    their_day = DateField(null=True)
    state = CharField(default=REQUESTED)
    requested_at = DateTimeField(default=clock.utcnow)
    answered_at = DateTimeField(null=True)   # accepted or declined by the partner
    decided_at = DateTimeField(null=True)    # approved, rejected or cancelled
    decided_by = ForeignKeyField(Staff, null=True)

    class Meta:
        indexes = ((("estate", "state"), False),)

    @classmethod
    def pending_for(cls, estate, person=None, team=None):
        """The estate's swaps still waiting, of one person (either side) or of one team."""
        query = cls.select().where((cls.estate == estate) & cls.state.in_(PENDING_SWAPS))
        if person is not None:
            query = query.where((cls.requester == person) | (cls.partner == person))
        if team is not None:
            query = query.where(cls.team == team)
        return query.order_by(cls.day, cls.id)


def approvers(estate, team):
    """The ids of who approves a team's swaps: its lead, or without one the estate's center and CS heads."""
    lead = Team.get_or_none((Team.estate == estate) & (Team.code == team))
    if lead is not None and lead.lead_id:
        return {lead.lead_id}
    return {s.id for s in colleagues(estate, (CENTER_HEAD, CS_HEAD))}


def ask_swap(requester, shift, day, partner_id, today, their_shift=None, their_day=None):
    """Ask a teammate to take one's shift on a day (and, if named, to give theirs on another); recorded."""
    from .duty import on_duty_by_day, team_members
    partner = team_members(shift.estate_id, shift.team).where(Staff.id == partner_id).first() if partner_id else None
    check_swap(requester.id, partner.id if partner else None, day, today, their_day)
    if on_duty_by_day([shift], [day]).get((shift.id, day), (None,))[0] != requester.id:
        raise Refused(N_("You are not on this shift that day."))
    if their_shift is not None and (their_day is None or their_shift.team != shift.team or on_duty_by_day(
            [their_shift], [their_day]).get((their_shift.id, their_day), (None,))[0] != partner.id):
        raise Refused(N_("Your colleague is not on that shift that day."))
    with db.atomic():
        swap = SwapRequest.create(estate=shift.estate_id, team=shift.team, shift=shift, day=day,
                                  requester=requester, partner=partner, their_shift=their_shift,
                                  their_day=their_day if their_shift else None)
        record(requester, "swap", swap.id, "create", {}, snapshot(swap, (
            "shift", "day", "requester", "partner", "their_shift", "their_day", "state")), swap.estate_id)
    return swap


def move_swap(swap_id, actor, action):
    """Take a step of a swap (accept, decline, approve, reject, cancel); an approval puts the people on the
    swapped shifts. Refuses a stranger or a step out of turn; recorded."""
    with db.atomic():
        swap = SwapRequest.get_by_id(swap_id)
        state = swap_step(swap.state, action, actor.id, swap.requester_id, swap.partner_id,
                          approvers(swap.estate_id, swap.team))
        now = clock.utcnow()
        stamps = {"answered_at": now} if action in ("accept", "decline") else {"decided_at": now,
                                                                                 "decided_by": actor.id}
        changed = SwapRequest.update(state=state, **stamps).where(
            (SwapRequest.id == swap.id) & (SwapRequest.state == swap.state)).execute()
        if not changed:  # someone else moved it on a moment ago
            raise Refused(N_("This swap has already moved on."))
        if state == APPROVED:
            for shift, day, person in swap_overrides(swap.shift, swap.day, swap.requester_id, swap.partner_id,
                                                     swap.their_shift, swap.their_day):
                put_on(shift, day, person, actor)
        record(actor, "swap", swap.id, action, snapshot(swap, SWAP_FIELDS),
               snapshot(SwapRequest.get_by_id(swap.id), SWAP_FIELDS), swap.estate_id)
    return swap


def swapped_cells(shift_ids, first_day, last_day):
    """{(shift id, day)} an approved swap changed, among some shifts and days."""
    rows = SwapRequest.select().where((SwapRequest.state == APPROVED) & (
        (SwapRequest.shift.in_(shift_ids) & SwapRequest.day.between(first_day, last_day))
        | (SwapRequest.their_shift.in_(shift_ids) & SwapRequest.their_day.between(first_day, last_day))))
    cells = set()
    for row in rows:
        cells.add((row.shift_id, row.day))
        if row.their_shift_id:
            cells.add((row.their_shift_id, row.their_day))
    return cells
