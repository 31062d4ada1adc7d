"""The processing ticket (处理单), its timeline and its return visits."""
from peewee import (JOIN, BooleanField, CharField, DateTimeField, DecimalField, FloatField, ForeignKeyField,
                    IntegerField, TextField)

from .. import clock
from ..db import BaseModel
from ..domain.vocabulary import DONE, OPEN_STATES
from .estate import Estate, Unit
from .people import Staff
from .place import Place


class Ticket(BaseModel):
    estate = ForeignKeyField(Estate, backref="tickets", index=False)  # composite indexes below lead with it
    number = CharField(unique=True)
    kind = CharField()
    channel = CharField()
    category = CharField(default="")
    team = CharField(null=True)                 # the queue it waits in
    unit = ForeignKeyField(Unit, null=True, backref="tickets", index=False)
    location = CharField(default="")            # where, when not a unit
    contact_name = CharField(default="")
    contact_phone = CharField(default="")
    description = TextField()
    urgent = BooleanField(default=False)
    cosigners = IntegerField(default=0)
    owner_important = BooleanField(default=False)
    sensitive = BooleanField(default=False)
    state = CharField()
    taken_by = ForeignKeyField(Staff, null=True, backref="tickets_taken")  # 首接; None: a resident by QR
    assignee = ForeignKeyField(Staff, null=True, backref="tickets_held", index=False)
    needs_revisit = BooleanField(default=True)
    after_hours = BooleanField(default=False)
    escalated = BooleanField(default=False)
    hold_reason = TextField(null=True)
    reply = TextField(null=True)                # what was done, or the answer given
    satisfaction = IntegerField(null=True)
    archived = BooleanField(default=False)      # filed to the owner's archive (业主档案)
    intake_key = CharField(null=True, unique=True)  # one ticket per submitted form
    paid = BooleanField(null=True)              # repairs: 有偿 (True) or 无偿 (False)
    labour_fee = DecimalField(max_digits=10, decimal_places=2, null=True)
    materials = TextField(default="")
    materials_fee = DecimalField(max_digits=10, decimal_places=2, null=True)
    place = ForeignKeyField(Place, null=True, backref="tickets")  # the QR place it was reported at
    tracking_token = CharField(null=True, unique=True)  # the resident's private link
    urged_at = DateTimeField(null=True)         # last 催单 by the resident
    possible_flood = BooleanField(default=False)  # sent from a sticker past its limit
    resident_rating = IntegerField(null=True)
    resident_comment = TextField(default="")
    created_at = DateTimeField(default=clock.utcnow)
    updated_at = DateTimeField(default=clock.utcnow)
    accepted_at = DateTimeField(null=True)
    dispatched_at = DateTimeField(null=True)    # the last dispatch: the respond clock's start
    arrived_at = DateTimeField(null=True)       # the handler on site: the arrival stage is over
    held_since = DateTimeField(null=True)       # on hold since; the clock stands still
    paused_minutes = FloatField(default=0)      # minutes of its clock earlier holds took (not counted)
    done_at = DateTimeField(null=True)
    closed_at = DateTimeField(null=True)

    class Meta:
        indexes = (
            (("estate", "state", "created_at"), False),
            (("estate", "created_at"), False),
            (("assignee", "state"), False),
            (("unit", "created_at"), False),
            (("estate", "team", "state", "created_at"), False),
        )

    @property
    def is_open(self):
        return self.state in OPEN_STATES

    @classmethod
    def of_estate(cls, estate):
        """Tickets of one estate with their unit, taker and handler, for lists."""
        taker, handler = Staff.alias(), Staff.alias()
        return (cls.select(cls, Unit, taker, handler)
                .join(Unit, JOIN.LEFT_OUTER, on=(cls.unit == Unit.id)).switch(cls)
                .join(taker, JOIN.LEFT_OUTER, on=(cls.taken_by == taker.id)).switch(cls)
                .join(handler, JOIN.LEFT_OUTER, on=(cls.assignee == handler.id))
                .where(cls.estate == estate))

    @classmethod
    def awaiting_revisit(cls, estate):
        """Done but not yet revisited, oldest first."""
        return (cls.of_estate(estate).where((cls.state == DONE) & cls.needs_revisit)
                .order_by(cls.done_at, cls.id))

    @classmethod
    def created_between(cls, estate, start, end):
        return cls.of_estate(estate).where(cls.created_at.between(start, end)).order_by(cls.created_at, cls.id)


class TicketEvent(BaseModel):
    """One step in a ticket's life (append-only): who, when, from, to, note."""
    ticket = ForeignKeyField(Ticket, backref="events", on_delete="CASCADE")
    at = DateTimeField(default=clock.utcnow)
    actor = ForeignKeyField(Staff, null=True, backref="ticket_events")
    action = CharField()
    from_state = CharField(null=True)
    to_state = CharField()
    note = TextField(default="")
    target = ForeignKeyField(Staff, null=True, backref="+")  # the person dispatched to or involved
    team = CharField(null=True)

    class Meta:
        indexes = ((("ticket", "at"), False),)


class Revisit(BaseModel):
    """A return visit (回访) attempt."""
    ticket = ForeignKeyField(Ticket, backref="revisits", on_delete="CASCADE")
    at = DateTimeField(default=clock.utcnow)
    by = ForeignKeyField(Staff, backref="+")
    reached = BooleanField()
    satisfaction = IntegerField(null=True)
    comment = TextField(default="")


class DayCounter(BaseModel):
    """The last ticket sequence number handed out on a day ('20261123')."""
    day = CharField(primary_key=True)
    last = IntegerField(default=0)
