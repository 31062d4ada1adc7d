"""Keys (钥匙管理): which key hangs where, and the one loan a key is out on."""
from flask_babel import lazy_gettext as _l
from peewee import JOIN, BooleanField, CharField, ForeignKeyField, IntegerField

from ..domain import N_, Refused
from ..domain.hours import local_time
from .estate import Estate
from .loans import Loan, lend
from .place import Place
from .register import InventoryEntry, create_entry


class Key(InventoryEntry):
    estate = ForeignKeyField(Estate, backref="keys")
    label = CharField()
    opens = CharField(default="")        # what it opens: a unit, a plant room, a meeting room…
    cabinet = ForeignKeyField(Place, null=True, backref="keys")
    hook = CharField(default="")
    copies = IntegerField(default=1)
    contractors_allowed = BooleanField(default=True)
    out_loan_id = IntegerField(null=True)  # the open loan while the key is out
    tag_prefix, record_field = "k", "key"
    noun = _l("Key")

    @property
    def tag_title(self):
        return self.label

    @property
    def tag_detail(self):
        # The hook, not what the key opens: a lost key should not say which door it opens.
        return self.hook

    @property
    def lent_out(self):
        return 1 if self.out_loan_id else 0

    @classmethod
    def nothing_out(cls):
        return cls.out_loan_id.is_null()

    def check_available(self, quantity=1):
        if self.retired:
            raise Refused(N_("This key is no longer in the register."))
        if self.out_loan_id:
            raise self._held()

    def hold(self, loan):
        """Mark the key out on this loan; of two desks lending it at once, the second is told who has it."""
        if not Key.update(out_loan_id=loan.id).where((Key.id == self.id) & Key.out_loan_id.is_null()).execute():
            raise Key.get_by_id(self.id)._held()

    def release(self, loan):
        Key.update(out_loan_id=None).where((Key.id == self.id) & (Key.out_loan_id == loan.id)).execute()

    def _held(self):
        loan = Loan.get_by_id(self.out_loan_id)
        since = local_time(loan.out_at, self.estate.timezone).strftime("%m-%d %H:%M")
        return Refused(N_("%(holder)s has had this key since %(since)s."), holder=loan.holder, since=since)


def create_key(estate, label, **fields):
    return create_entry(Key, estate, label=label, **fields)


def lend_key(key_id, by, due_at, **holder):
    """Check a key out. Race-free: of two desks lending the same key at once, one wins; the other is told
    who holds it."""
    return lend(Key, key_id, by, due_at, **holder)


def keys_out(estate):
    """Keys not back, with their loans, by how long they have been out (the shift-change list)."""
    return (Key.select(Key, Loan).join(Loan, JOIN.INNER, on=(Key.out_loan_id == Loan.id))
            .where(Key.estate == estate).order_by(Loan.out_at))
