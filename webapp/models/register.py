"""The shape every register shares: an inventory of QR-tagged entries that can be retired, and a ledger of
records that go out, fall due, come back or are voided, each step an event that is never changed.

A register subclasses InventoryEntry (and says how an entry is held and released), LedgerRecord and
LedgerEvent, and uses the operations below; each owns its transaction and makes its race safe with one
conditional UPDATE."""
from markupsafe import Markup
from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, TextField

from .. import clock
from ..media import qr
from ..db import BaseModel, write_transaction
from ..domain import N_, Refused
from ..domain.places import new_token
from ..domain.register import check_due, check_retire, check_void
from .changes import bump
from .people import Staff


class InventoryEntry(BaseModel):
    """A thing the desk keeps, with the tag it carries; a subclass adds its estate, what its tag reads, and
    `check_available`, `hold`, `release`, `lent_out` and `nothing_out` for its ledger."""
    token = CharField(unique=True)       # the QR tag on it
    retired = BooleanField(default=False)
    tag_prefix = ""                      # its scan address: /<tag_prefix>/<token>
    record_field = ""                    # the ledger record's field that names it

    @classmethod
    def inventory(cls, estate):
        """The estate's entries in use; retired ones drop out, their history stays."""
        return cls.select().where((cls.estate == estate) & ~cls.retired)

    @classmethod
    def of_estate(cls, estate, entry_id):
        return cls.get_or_none((cls.id == entry_id) & (cls.estate == estate))

    @classmethod
    def tagged(cls, token):
        """The entry whose tag was scanned, or None."""
        return cls.get_or_none(cls.token == token)


class LedgerRecord(BaseModel):
    """One line of a ledger: out when and by whom, due when, back or voided when and by whom. Records are
    never deleted; a subclass adds its estate, `log`, and (when it names an inventory entry) `entry`.

    Registers without an inventory (parcels, visitors, stored items) open records with `open_record`: a parcel is
    out from its arrival, due for collection, back when picked up, voided when returned to the sender."""
    entry = None                                          # the inventory entry it holds, if any
    closed_message = N_("This loan is already closed.")   # what a second check-in is told
    out_at = DateTimeField()
    out_by = ForeignKeyField(Staff, null=True, backref="+")    # None: the resident, by self-service
    due_at = DateTimeField()
    returned_at = DateTimeField(null=True)
    returned_by = ForeignKeyField(Staff, null=True, backref="+")
    voided_at = DateTimeField(null=True)
    voided_by = ForeignKeyField(Staff, null=True, backref="+")
    void_reason = TextField(default="")

    @property
    def is_open(self):
        return self.returned_at is None and self.voided_at is None

    @classmethod
    def open_of(cls, estate):
        return cls.select().where((cls.estate == estate) & cls.returned_at.is_null() & cls.voided_at.is_null())

    @classmethod
    def overdue(cls, estate, now):
        """Records past their due time and not back, oldest due first."""
        return cls.open_of(estate).where(cls.due_at < now).order_by(cls.due_at)

    @classmethod
    def ledger(cls, estate, entry_model, start, end):
        """The ledger of one kind of entry: records opened between two moments, in order."""
        named = getattr(cls, entry_model.record_field).is_null(False)
        return cls.select().where((cls.estate == estate) & named & cls.out_at.between(start, end)).order_by(
            cls.out_at)


class LedgerEvent(BaseModel):
    """One step of a ledger record (out, back, void): who and when; never changed afterwards."""
    action = CharField()
    at = DateTimeField(default=clock.utcnow)
    by = ForeignKeyField(Staff, null=True, backref="+")  # None: the resident, by self-service
    note = TextField(default="")


def create_entry(model, estate, **fields):
    """Add an entry to the inventory with a new tag."""
    return model.create(estate=estate, token=new_token(), **fields)


def update_entry(entry, **fields):
    """Change what the inventory says of an entry; its tag (token) stays, so the printed tag keeps working."""
    model = type(entry)
    model.update(**fields).where(model.id == entry.id).execute()


def retire(entry):
    """Take an entry out of the inventory once nothing of it is out; its records and history stay."""
    model = type(entry)
    if not model.update(retired=True).where((model.id == entry.id) & model.nothing_out()).execute():
        check_retire(model.get_by_id(entry.id).lent_out or 1)  # something was out when we tried


def check_out(record_model, entry_model, entry_id, by, due_at, note="", **fields):
    """Open a record for an entry. Race-free: the entry's `hold` is one conditional UPDATE, so of two desks
    taking the last of it at once one wins; the other is refused and its record rolled back."""
    now = clock.utcnow()
    check_due(now, due_at)
    with write_transaction():
        entry = entry_model.get_by_id(entry_id)
        entry.check_available(fields.get("quantity", 1))
        fields = record_model.checked(entry, fields)
        record = record_model.create(estate=entry.estate_id, out_at=now, out_by=by, due_at=due_at,
                                     **{entry.record_field: entry}, **fields)
        entry.hold(record)
        record.log("out", by, now, note)
        bump(entry.estate_id)
    return record


def open_record(record_model, estate, by, due_at, note="", **fields):
    """Open a record of a register without an inventory (a parcel arriving, a visitor signing in): with its
    event, in one transaction."""
    now = clock.utcnow()
    check_due(now, due_at)
    with write_transaction():
        record = record_model.create(estate=estate, out_at=now, out_by=by, due_at=due_at, **fields)
        record.log("out", by, now, note)
        bump(record.estate_id)
    return record


def _release(record):
    if record.entry is not None:
        record.entry.release(record)


def check_in(record_model, record_id, by, note="", **fields):
    """Close an open record as back (`by` None: the resident, by self-service); once only, even with two
    desks at once."""
    now = clock.utcnow()
    with write_transaction():
        record = record_model.get_by_id(record_id)
        if not record_model.update(returned_at=now, returned_by=by, **fields).where(
                (record_model.id == record.id) & record_model.returned_at.is_null()
                & record_model.voided_at.is_null()).execute():
            raise Refused(record_model.closed_message)
        _release(record)
        record.log("back", by, now, note)
        bump(record.estate_id)
    return record_model.get_by_id(record_id)


def void(record_model, record_id, by, reason, open_only=False):
    """Void a mistaken record with a reason; what it held goes back unless it came back already. With
    `open_only`, a record that came back (an incident whose record is written) is refused instead, even if it
    came back a moment ago. The record and its history stay."""
    now = clock.utcnow()
    with write_transaction():
        record = record_model.get_by_id(record_id)
        check_void(reason, record.returned_at, record.voided_at)
        changes = dict(voided_at=now, voided_by=by, void_reason=reason.strip())
        mine = (record_model.id == record.id) & record_model.voided_at.is_null()
        if record_model.update(**changes).where(mine & record_model.returned_at.is_null()).execute():
            _release(record)
        elif open_only or not record_model.update(**changes).where(mine).execute():
            fresh = record_model.get_by_id(record_id)
            check_void(reason, voided_at=fresh.voided_at)  # another desk voided it meanwhile
            raise Refused(record_model.closed_message)
        record.log("void", by, now, reason.strip())
        bump(record.estate_id)
    return record_model.get_by_id(record_id)


def tag_sheet(entries, base_url, ids=()):
    """The tags to print for entries (the chosen `ids`, or all when none is chosen): each one's code (an SVG),
    what it reads, and its short address."""
    if ids:
        entries = entries.where(entries.model.id.in_(ids))
    tags = []
    for entry in entries:
        url = qr.scan_url(base_url, entry.token, entry.tag_prefix)
        tags.append(dict(id=entry.id, title=entry.tag_title, detail=entry.tag_detail,
                         short_url=url.partition("://")[2], svg=Markup(qr.label_svg(url))))
    return tags
