"""The lending ledger of keys and items: each loan a record of who holds what, why and until when, with its
events; the register's operations (see register.py) with what lending adds: the holder and the deposit."""
from flask_babel import gettext as _, pgettext
from peewee import BooleanField, CharField, DecimalField, DeferredForeignKey, ForeignKeyField, IntegerField, TextField

from ..domain.hours import local_time
from ..domain.loans import check_holder, mask_id
from . import register
from .estate import Estate, Unit
from .people import Staff
from .register import LedgerEvent, LedgerRecord


class Loan(LedgerRecord):
    estate = ForeignKeyField(Estate, backref="loans")
    key = DeferredForeignKey("Key", null=True, backref="loans")       # keys.py: one or the other
    item = DeferredForeignKey("ItemType", null=True, backref="loans")  # items.py
    quantity = IntegerField(default=1)
    holder_kind = CharField()
    holder_staff = ForeignKeyField(Staff, null=True, backref="+")
    holder_name = CharField(default="")
    holder_company = CharField(default="")
    holder_id_number = CharField(default="")   # kept in the ledger; shown masked
    holder_unit = ForeignKeyField(Unit, null=True, backref="+")
    holder_phone = CharField(default="")
    purpose = CharField(default="")
    photo = CharField(null=True)               # the ID or work permit, re-encoded
    deposit = DecimalField(max_digits=10, decimal_places=2, null=True)
    deposit_method = CharField(default="none")
    deposit_refunded = BooleanField(null=True)
    return_condition = CharField(default="")
    return_note = TextField(default="")
    tracking_token = CharField(null=True, unique=True)  # a self-service borrower's private link
    intake_key = CharField(null=True, unique=True)      # one loan per submitted self-service form

    class Meta:
        indexes = ((("estate", "returned_at", "due_at"), False), (("estate", "out_at"), False),
                   (("key", "out_at"), False), (("item", "out_at"), False))

    @property
    def entry(self):
        """The key or the item type lent."""
        return self.key if self.key_id else self.item

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
    def checked(cls, entry, holder):
        """The holder's fields, once the ledger accepts them for this entry (some keys leave only with staff)."""
        check_holder(holder.get("holder_kind"), holder.get("holder_staff"), holder.get("holder_name", ""),
                     holder.get("holder_company", ""), holder.get("holder_id_number", ""),
                     holder.get("holder_unit"), entry.contractors_allowed)
        return holder

    def log(self, action, by, at, note=""):
        LoanEvent.create(loan=self, action=action, by=by, at=at, note=note)


class LoanEvent(LedgerEvent):
    """One step of a loan (out, back, void): who and when; never changed afterwards."""
    loan = ForeignKeyField(Loan, backref="events", on_delete="CASCADE")


def lend(entry_model, entry_id, by, due_at, **holder):
    """Check a key or items out to a holder, for a purpose, until a due time."""
    return register.check_out(Loan, entry_model, entry_id, by, due_at, note=holder.get("purpose", ""), **holder)


def give_back(loan_id, by, condition="", note="", deposit_refunded=None):
    """Check a loan in: who took it back (None: the resident put it back themselves), when, in what
    condition."""
    return register.check_in(Loan, loan_id, by, note=" ".join(filter(None, (condition, note))),
                             return_condition=condition.strip(), return_note=note.strip(),
                             deposit_refunded=deposit_refunded)


def void(loan_id, by, reason):
    """Void a mistaken loan with a reason; the record and its history stay."""
    return register.void(Loan, loan_id, by, reason)


def borrowed(token):
    """The loan behind a self-service borrower's private link, or None."""
    return Loan.get_or_none(Loan.tracking_token == token) if token else None


def ledger_header(entry_model):
    """The columns of the lending ledger's export, for keys or items."""
    return [str(entry_model.noun), pgettext("loan", "Taken by"), _("ID number"), _("Phone"), _("Purpose"), _("Out"), _("Lent by"),
            _("Expected back"), _("Back"), _("Taken back by"), _("Condition"), _("Deposit (yuan)"), _("Voided")]


def ledger_line(loan, tz):
    """A loan as a line of the ledger's export, in the estate's time, the ID number masked."""
    return [loan.thing, loan.holder, mask_id(loan.holder_id_number), loan.holder_phone, loan.purpose,
            local_time(loan.out_at, tz), loan.out_by.name if loan.out_by else _("the resident, self-service"),
            _local(loan.due_at, tz), _local(loan.returned_at, tz), _returned_by(loan), loan.return_condition,
            loan.deposit or None, loan.void_reason]


def _local(moment, tz):
    return local_time(moment, tz) if moment else None


def _returned_by(loan):
    if loan.returned_by:
        return loan.returned_by.name
    return _("put back by the resident") if loan.returned_at else ""
