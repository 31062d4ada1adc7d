"""Keys and lending-cabinet items, and their loans: each loan an append-only record with its events."""
from peewee import (JOIN, BooleanField, CharField, DateTimeField, DecimalField, ForeignKeyField, IntegerField,
                    IntegrityError, TextField)

from .. import clock
from ..db import BaseModel, write_transaction
from ..domain import N_, Refused
from ..domain.hours import local_time
from ..domain.loans import (RESIDENT, check_due, check_holder, check_quantity, check_retire, check_self_service,
                            check_stock, check_void)
from ..domain.places import new_token
from .changes import bump
from .estate import Estate, Unit
from .people import Staff
from .place import Place


class Key(BaseModel):
    estate = ForeignKeyField(Estate, backref="keys")
    label = CharField()
    opens = CharField(default="")        # what it opens: a unit, a plant room, a meeting room…
    cabinet = ForeignKeyField(Place, null=True, backref="keys")
    hook = CharField(default="")
    copies = IntegerField(default=1)
    contractors_allowed = BooleanField(default=True)
    token = CharField(unique=True)       # the tag on the key ring
    out_loan_id = IntegerField(null=True)  # the open loan while the key is out
    retired = BooleanField(default=False)


class ItemType(BaseModel):
    estate = ForeignKeyField(Estate, backref="item_types")
    name = CharField()
    cabinet = ForeignKeyField(Place, null=True, backref="item_types")
    quantity = IntegerField()
    available = IntegerField()
    deposit = DecimalField(max_digits=10, decimal_places=2, default=0)
    token = CharField(unique=True)
    retired = BooleanField(default=False)


class Loan(BaseModel):
    estate = ForeignKeyField(Estate, backref="loans")
    key = ForeignKeyField(Key, null=True, backref="loans")
    item = ForeignKeyField(ItemType, null=True, backref="loans")
    quantity = IntegerField(default=1)
    holder_kind = CharField()
    holder_staff = ForeignKeyField(Staff, null=True, backref="+")
    holder_name = CharField(default="")
    holder_company = CharField(default="")
    holder_id_number = CharField(default="")   # kept for the register; shown masked
    holder_unit = ForeignKeyField(Unit, null=True, backref="+")
    holder_phone = CharField(default="")
    purpose = CharField(default="")
    photo = CharField(null=True)               # the ID or work permit, re-encoded
    deposit = DecimalField(max_digits=10, decimal_places=2, null=True)
    deposit_method = CharField(default="none")
    deposit_refunded = BooleanField(null=True)
    out_at = DateTimeField()
    out_by = ForeignKeyField(Staff, null=True, backref="+")    # None: the resident, by self-service
    due_at = DateTimeField()
    returned_at = DateTimeField(null=True)
    returned_by = ForeignKeyField(Staff, null=True, backref="+")
    return_condition = CharField(default="")
    return_note = TextField(default="")
    voided_at = DateTimeField(null=True)
    voided_by = ForeignKeyField(Staff, null=True, backref="+")
    void_reason = TextField(default="")
    tracking_token = CharField(null=True, unique=True)  # a self-service borrower's private link
    intake_key = CharField(null=True, unique=True)      # one loan per submitted self-service form

    class Meta:
        indexes = ((("estate", "returned_at", "due_at"), False), (("estate", "out_at"), False),
                   (("key", "out_at"), False), (("item", "out_at"), False))

    @property
    def is_open(self):
        return self.returned_at is None and self.voided_at is None

    @property
    def holder(self):
        """Who holds it, in a few words."""
        if self.holder_staff_id:
            return self.holder_staff.name
        if self.holder_unit_id:
            return f"{self.holder_unit.number} {self.holder_name}".strip()
        return f"{self.holder_company} {self.holder_name}".strip()

    @property
    def thing(self):
        return self.key.label if self.key_id else f"{self.item.name} ×{self.quantity}"

    @classmethod
    def open_of(cls, estate):
        return cls.select().where((cls.estate == estate) & cls.returned_at.is_null() & cls.voided_at.is_null())

    @classmethod
    def overdue(cls, estate, now):
        """Loans past their due time and not back, oldest due first."""
        return cls.open_of(estate).where(cls.due_at < now).order_by(cls.due_at)

    @classmethod
    def between(cls, estate, start, end, keys=True):
        """The register: loans made between two moments, of keys or of items."""
        kind = cls.key.is_null(False) if keys else cls.item.is_null(False)
        return (cls.select().where((cls.estate == estate) & kind & cls.out_at.between(start, end))
                .order_by(cls.out_at))


class LoanEvent(BaseModel):
    """One step of a loan (out, back, void): who and when; never changed afterwards."""
    loan = ForeignKeyField(Loan, backref="events", on_delete="CASCADE")
    action = CharField()
    at = DateTimeField(default=clock.utcnow)
    by = ForeignKeyField(Staff, null=True, backref="+")  # None: the resident, by self-service
    note = TextField(default="")


def create_key(estate, label, **fields):
    return Key.create(estate=estate, label=label, token=new_token(), **fields)


def create_item_type(estate, name, quantity, **fields):
    return ItemType.create(estate=estate, name=name, quantity=quantity, available=quantity, token=new_token(),
                           **fields)


def update_key(key, **fields):
    """Change what the register says of a key; its tag (token) stays, so the printed tag keeps working."""
    Key.update(**fields).where(Key.id == key.id).execute()


def retire_key(key):
    """Take a key out of the register once it is back; its loans and history stay."""
    if not Key.update(retired=True).where((Key.id == key.id) & Key.out_loan_id.is_null()).execute():
        check_retire(lent_out=1)


def update_item_type(item, quantity, **fields):
    """Change an item type; a new total moves the stock on hand by the same amount, never below what is out.
    Race-free: the lent-out count is checked in the same UPDATE that changes the stock."""
    with write_transaction():
        fresh = ItemType.get_by_id(item.id)
        check_stock(quantity, fresh.quantity - fresh.available)
        changed = ItemType.update(quantity=quantity, available=ItemType.available + (quantity - ItemType.quantity),
                                  **fields).where(
            (ItemType.id == item.id) & (ItemType.quantity - ItemType.available <= quantity)).execute()
        if not changed:  # lent out meanwhile
            fresh = ItemType.get_by_id(item.id)
            check_stock(quantity, fresh.quantity - fresh.available)
        bump(item.estate_id)


def retire_item_type(item):
    """Take an item type out of the register once every unit is back."""
    if not ItemType.update(retired=True).where(
            (ItemType.id == item.id) & (ItemType.available == ItemType.quantity)).execute():
        fresh = ItemType.get_by_id(item.id)
        check_retire(fresh.quantity - fresh.available)


def _holder_fields(holder):
    check_holder(holder.get("holder_kind"), holder.get("holder_staff"), holder.get("holder_name", ""),
                 holder.get("holder_company", ""), holder.get("holder_id_number", ""), holder.get("holder_unit"),
                 holder.pop("contractors_allowed", True))
    return holder


def lend_key(key_id, by, due_at, **holder):
    """Check a key out. Race-free: of two desks lending the same key at once, one wins; the other is told
    who holds it."""
    now = clock.utcnow()
    check_due(now, due_at)
    with write_transaction():
        key = Key.get_by_id(key_id)
        _refuse_if_out(key)
        holder = _holder_fields(dict(holder, contractors_allowed=key.contractors_allowed))
        loan = Loan.create(estate=key.estate_id, key=key, out_at=now, out_by=by, due_at=due_at, **holder)
        if not Key.update(out_loan_id=loan.id).where((Key.id == key.id) & Key.out_loan_id.is_null()).execute():
            raise _held_by(Key.get_by_id(key_id))  # rolls the loan back
        LoanEvent.create(loan=loan, action="out", by=by, at=now, note=holder.get("purpose", ""))
        bump(key.estate_id)
    return loan


def _refuse_if_out(key):
    if key.retired:
        raise Refused(N_("This key is no longer in the register."))
    if key.out_loan_id:
        raise _held_by(key)


def _held_by(key):
    loan = Loan.get_by_id(key.out_loan_id)
    since = local_time(loan.out_at, key.estate.timezone).strftime("%m-%d %H:%M")
    return Refused(N_("%(holder)s has had this key since %(since)s."), holder=loan.holder, since=since)


def lend_items(item_id, by, quantity, due_at, **holder):
    """Lend units of an item type; the stock never goes negative, even with two desks at once."""
    now = clock.utcnow()
    check_due(now, due_at)
    with write_transaction():
        item = ItemType.get_by_id(item_id)
        if item.retired:
            raise Refused(N_("This item is no longer in the register."))
        check_quantity(item.available, quantity)
        holder = _holder_fields(holder)
        if not ItemType.update(available=ItemType.available - quantity).where(
                (ItemType.id == item.id) & (ItemType.available >= quantity)).execute():
            check_quantity(ItemType.get_by_id(item_id).available, quantity)
        loan = Loan.create(estate=item.estate_id, item=item, quantity=quantity, out_at=now, out_by=by,
                           due_at=due_at, **holder)
        LoanEvent.create(loan=loan, action="out", by=by, at=now, note=holder.get("purpose", ""))
        bump(item.estate_id)
    return loan


def borrow(item_id, unit, quantity, due_at, phone, name="", intake_key=None):
    """A resident borrows from the lending cabinet on their own phone, when the estate enables it: a loan
    made by nobody on the staff, recorded with the unit and phone, followed by a private link.

    The same form sent twice (double tap, retry after a dropped connection) gives the first loan.
    """
    earlier = Loan.get_or_none(Loan.intake_key == intake_key) if intake_key else None
    if earlier:
        return earlier
    item = ItemType.get_by_id(item_id)
    check_self_service(item.estate.self_service_lending, item.deposit, quantity, phone)
    try:
        return lend_items(item.id, None, quantity, due_at, holder_kind=RESIDENT, holder_unit=unit,
                          holder_phone=phone.strip(), holder_name=name.strip(), tracking_token=new_token(),
                          intake_key=intake_key)
    except IntegrityError:
        # the same form, sent twice at the same moment: the other request made the loan
        return Loan.get(Loan.intake_key == intake_key)


def borrowed(token):
    """The loan behind a self-service borrower's private link, or None."""
    return Loan.get_or_none(Loan.tracking_token == token) if token else None


def give_back(loan_id, by, condition="", note="", deposit_refunded=None):
    """Check a loan in: who took it back (None: the resident put it back themselves), when, in what
    condition."""
    now = clock.utcnow()
    with write_transaction():
        loan = Loan.get_by_id(loan_id)
        if not loan.is_open:
            raise Refused(N_("This loan is already closed."))
        Loan.update(returned_at=now, returned_by=by, return_condition=condition.strip(), return_note=note.strip(),
                    deposit_refunded=deposit_refunded).where(Loan.id == loan.id).execute()
        _release(loan)
        LoanEvent.create(loan=loan, action="back", by=by, at=now, note=" ".join(filter(None, (condition, note))))
        bump(loan.estate_id)
    return Loan.get_by_id(loan_id)


def void(loan_id, by, reason):
    """Void a mistaken loan with a reason; the record and its history stay."""
    now = clock.utcnow()
    with write_transaction():
        loan = Loan.get_by_id(loan_id)
        check_void(reason, loan.returned_at, loan.voided_at)
        Loan.update(voided_at=now, voided_by=by, void_reason=reason.strip()).where(Loan.id == loan.id).execute()
        if loan.returned_at is None:
            _release(loan)
        LoanEvent.create(loan=loan, action="void", by=by, at=now, note=reason.strip())
        bump(loan.estate_id)
    return Loan.get_by_id(loan_id)


def _release(loan):
    if loan.key_id:
        Key.update(out_loan_id=None).where((Key.id == loan.key_id) & (Key.out_loan_id == loan.id)).execute()
    else:
        ItemType.update(available=ItemType.available + loan.quantity).where(ItemType.id == loan.item_id).execute()


def keys_out(estate):
    """Keys not back, with their loans, by how long they have been out (the shift-change list)."""
    return (Key.select(Key, Loan).join(Loan, JOIN.INNER, on=(Key.out_loan_id == Loan.id))
            .where(Key.estate == estate).order_by(Loan.out_at))
