"""The visitor register (前台接待信息登记表): a visitor waits at the counter, is signed in, signs out; the clock
signs out whoever is still in at the end of the estate's local day, flagged for the CS head's review. Each visitor is
a ledger record (out = in at the desk, due = the day's end, back = signed out); the block list warns at entry."""
from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, IntegrityError, TextField

from .. import clock
from ..db import BaseModel, write_transaction
from ..domain import N_, Refused
from ..domain.hours import local_day_bounds, local_time
from ..domain.loans import mask_id
from ..domain.people import mask_phone
from ..domain.visitors import (check_block_entry, check_removal, check_sign_out, check_take_over, check_waiting,
                               matches_block)
from . import register
from .changes import bump
from .estate import Estate, Unit
from .people import Staff
from .register import LedgerEvent, LedgerRecord


class Visitor(LedgerRecord):
    """One line of the register; `out_at` is when the visitor came to the counter, `served_at` when the sign-in
    was completed (None while they wait)."""
    closed_message = N_("This visitor has already signed out.")
    estate = ForeignKeyField(Estate, backref="visitors")
    name = CharField(default="")          # "" while waiting unnamed: shown as "Visitor"
    phone = CharField(default="")         # full only on the record page; masked in lists, prints and exports
    id_number = CharField(default="")     # kept, always shown masked (PIPL)
    unit = ForeignKeyField(Unit, null=True, backref="+")
    host = CharField(default="")          # whom they visit (被访人 / 单位)
    purpose = CharField(default="")
    companions = IntegerField(default=0)
    plate = CharField(default="")
    handled_by = ForeignKeyField(Staff, null=True, backref="+")   # the clerk serving them now
    served_at = DateTimeField(null=True)
    served_by = ForeignKeyField(Staff, null=True, backref="+")
    warning = TextField(default="")       # the block-list warning the clerk saw and signed them in past
    auto_signed_out = BooleanField(default=False)
    reviewed_at = DateTimeField(null=True)
    reviewed_by = ForeignKeyField(Staff, null=True, backref="+")
    review_note = TextField(default="")
    intake_key = CharField(null=True, unique=True)   # one visitor per submitted form

    class Meta:
        indexes = ((("estate", "returned_at", "due_at"), False), (("estate", "out_at"), False),
                   (("estate", "auto_signed_out", "reviewed_at"), False))

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    @property
    def masked_id(self):
        return mask_id(self.id_number)

    @property
    def visiting(self):
        """Whom or which unit they visit, in a few words."""
        return " ".join(filter(None, (self.unit.number if self.unit_id else "", self.host)))

    @classmethod
    def waiting(cls, estate):
        """Visitors at the counter not yet signed in, longest waiting first."""
        return cls.open_of(estate).where(cls.served_at.is_null()).order_by(cls.out_at)

    @classmethod
    def inside(cls, estate):
        """Visitors signed in and not yet out, latest first."""
        return cls.open_of(estate).where(cls.served_at.is_null(False)).order_by(cls.out_at.desc())

    @classmethod
    def to_review(cls, estate):
        """Visitors the clock signed out, not yet reviewed by the CS head."""
        return cls.select().where((cls.estate == estate) & cls.auto_signed_out & cls.reviewed_at.is_null()).order_by(
            cls.out_at)

    @classmethod
    def of_days(cls, estate, start, end):
        return cls.select().where((cls.estate == estate) & cls.out_at.between(start, end)).order_by(cls.out_at)

    def history(self):
        """Its events in order."""
        return self.events.order_by(VisitorEvent.at, VisitorEvent.id)

    def log(self, action, by, at, note="", target=None):
        VisitorEvent.create(visitor=self, action=action, by=by, at=at, note=note, target=target)


class VisitorEvent(LedgerEvent):
    """One step of a visitor (out = came in, in = signed in, take_over, warned, back, void, review)."""
    visitor = ForeignKeyField(Visitor, backref="events", on_delete="CASCADE")
    target = ForeignKeyField(Staff, null=True, backref="+")   # take_over: the clerk taken over from


class BlockedVisitor(BaseModel):
    """A person the desk is warned about at entry (name and/or phone, why); removed with a reason, kept."""
    estate = ForeignKeyField(Estate, backref="+")
    name = CharField(default="")
    phone = CharField(default="")
    reason = TextField()
    added_by = ForeignKeyField(Staff, backref="+")
    added_at = DateTimeField()
    removed_at = DateTimeField(null=True)
    removed_by = ForeignKeyField(Staff, null=True, backref="+")
    removal_reason = TextField(default="")

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    @classmethod
    def active(cls, estate):
        return cls.select().where((cls.estate == estate) & cls.removed_at.is_null()).order_by(cls.added_at.desc())


def _day_end(estate, now):
    return local_day_bounds(local_time(now, estate.timezone).date(), estate.timezone)[1]


def sent_before(intake_key):
    """The visitor a form with this (scoped) key already entered, or None."""
    return Visitor.get_or_none(Visitor.intake_key == intake_key) if intake_key else None


def _once(intake_key, enter):
    """What `enter()` makes, once per form: the same form sent twice (a double tap, a retry) gives the first."""
    try:
        return sent_before(intake_key) or enter()
    except IntegrityError:  # the same form, sent twice at the same moment: the other request entered it
        return Visitor.get(Visitor.intake_key == intake_key)


def arrive(estate, by, name="", purpose="", intake_key=None):
    """Put a visitor on the waiting list as they reach the counter."""
    return _once(intake_key, lambda: register.open_record(
        Visitor, estate, by, _day_end(estate, clock.utcnow()), note=purpose, name=name, purpose=purpose,
        handled_by=by, intake_key=intake_key))


def sign_in(estate, by, warning="", intake_key=None, **fields):
    """Sign a visitor in at once (no wait), with the block-list warning the clerk passed, if any."""
    return _once(intake_key, lambda: _signed_in(estate, by, warning, intake_key, fields))


def _signed_in(estate, by, warning, intake_key, fields):
    now = clock.utcnow()
    with write_transaction():
        visitor = register.open_record(Visitor, estate, by, _day_end(estate, now), note=fields.get("purpose", ""),
                                       handled_by=by, served_at=now, served_by=by, warning=warning,
                                       intake_key=intake_key, **fields)
        _log_warning(visitor, by, now, warning)
    return visitor


def serve(visitor_id, by, warning="", **fields):
    """Complete a waiting visitor's sign-in; once only, even with two clerks at once."""
    now = clock.utcnow()
    with write_transaction():
        visitor = Visitor.get_by_id(visitor_id)
        if not Visitor.update(served_at=now, served_by=by, handled_by=by, warning=warning, **fields).where(
                (Visitor.id == visitor.id) & Visitor.served_at.is_null() & Visitor.returned_at.is_null()
                & Visitor.voided_at.is_null()).execute():
            fresh = Visitor.get_by_id(visitor.id)
            check_waiting(fresh.served_at, fresh.is_open)
        visitor.log("in", by, now, fields.get("purpose", ""))
        _log_warning(visitor, by, now, warning)
        bump(visitor.estate_id)
    return Visitor.get_by_id(visitor_id)


def _log_warning(visitor, by, now, warning):
    if warning:
        visitor.log("warned", by, now, warning)


def take_over(visitor_id, by):
    """Another clerk takes over a visitor waiting 3 minutes or more; records who took over from whom."""
    now = clock.utcnow()
    with write_transaction():
        visitor = Visitor.get_by_id(visitor_id)
        check_waiting(visitor.served_at, visitor.is_open)
        check_take_over(visitor.out_at, now, visitor.handled_by_id, by.id)
        handler = Visitor.handled_by.is_null() if visitor.handled_by_id is None else (
            Visitor.handled_by == visitor.handled_by_id)
        if not Visitor.update(handled_by=by).where((Visitor.id == visitor.id) & handler
                                                    & Visitor.served_at.is_null()).execute():
            raise Refused(N_("Another clerk has just taken this visitor over."))
        visitor.log("take_over", by, now, target=visitor.handled_by_id)
        bump(visitor.estate_id)
    return Visitor.get_by_id(visitor_id)


def sign_out(visitor_id, by):
    """Sign a visitor out, in one tap; once only, even with two clerks at once."""
    check_sign_out(Visitor.get_by_id(visitor_id).served_at)
    return register.check_in(Visitor, visitor_id, by)


def cancel(visitor_id, by, reason):
    """Void an entry made by mistake, or of a visitor who left while waiting; the record stays."""
    return register.void(Visitor, visitor_id, by, reason)


def sign_out_stale(now):
    """The clock's job: sign out everyone still in (or waiting) past the end of their local day, flagged for
    review. Returns how many were signed out."""
    done = 0
    stale = Visitor.select(Visitor.id).where(Visitor.returned_at.is_null() & Visitor.voided_at.is_null()
                                             & (Visitor.due_at < now))
    for visitor in list(stale):
        try:
            register.check_in(Visitor, visitor.id, None, auto_signed_out=True)
            done += 1
        except Refused:  # a clerk signed them out meanwhile
            pass
    return done


def review(visitor_id, by, note=""):
    """The CS head has looked at a visitor the clock signed out; once."""
    now = clock.utcnow()
    with write_transaction():
        if not Visitor.update(reviewed_at=now, reviewed_by=by, review_note=note).where(
                (Visitor.id == visitor_id) & Visitor.auto_signed_out & Visitor.reviewed_at.is_null()).execute():
            raise Refused(N_("This visitor was already reviewed."))
        visitor = Visitor.get_by_id(visitor_id)
        visitor.log("review", by, now, note)
    return visitor


def block_warnings(estate, name, phone):
    """The block-list entries a visitor being entered matches (by phone or name)."""
    return [entry for entry in BlockedVisitor.active(estate)
            if matches_block(name, phone, entry.name, entry.phone)]


def warning_text(entries):
    """What the visitor's record keeps of the warning: each matched entry, its phone masked, and why."""
    return "; ".join(f"{' '.join(filter(None, (e.name, mask_phone(e.phone))))}: {e.reason}" for e in entries)


def block(estate, by, name, phone, reason):
    """Add a person to the block list."""
    check_block_entry(name, phone, reason)
    return BlockedVisitor.create(estate=estate, name=name.strip(), phone=phone.strip(), reason=reason.strip(),
                                 added_by=by, added_at=clock.utcnow())


def unblock(entry_id, by, reason):
    """Take a person off the block list, with a reason; the entry stays with who removed it and why."""
    entry = BlockedVisitor.get_by_id(entry_id)
    check_removal(reason, entry.removed_at)
    if not BlockedVisitor.update(removed_at=clock.utcnow(), removed_by=by, removal_reason=reason.strip()).where(
            (BlockedVisitor.id == entry.id) & BlockedVisitor.removed_at.is_null()).execute():
        check_removal(reason, clock.utcnow())
