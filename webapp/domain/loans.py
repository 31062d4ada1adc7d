"""The rules of lending keys and items: who may hold what, quantities, overdue, voiding."""
from . import N_, Refused

STAFF, CONTRACTOR, RESIDENT = "staff", "contractor", "resident"
HOLDER_KINDS = (STAFF, CONTRACTOR, RESIDENT)
DEPOSIT_METHODS = ("none", "cash", "wechat", "alipay", "card")
SELF_SERVICE_MOST = 2  # units one self-service loan may take: the cabinet is not emptied by one scan


def check_holder(kind, staff_id=None, name="", company="", id_number="", unit_id=None, contractors_allowed=True):
    """Refuse a holder the register cannot accept: contractors need a company, a name and an ID number;
    a resident needs a unit; some keys may leave only with staff."""
    if kind not in HOLDER_KINDS:
        raise Refused(N_("Choose who takes it: staff, contractor or resident."))
    if kind == STAFF and not staff_id:
        raise Refused(N_("Choose the member of staff who takes it."))
    if kind == CONTRACTOR:
        if not contractors_allowed:
            raise Refused(N_("This key may leave only with staff."))
        if not (company.strip() and name.strip() and id_number.strip()):
            raise Refused(N_("A contractor needs a company, a name and an ID number."))
    if kind == RESIDENT and not unit_id:
        raise Refused(N_("A resident needs a unit."))


def check_quantity(available, wanted):
    """Lend 1..available units; the stock never goes negative."""
    if wanted < 1:
        raise Refused(N_("Lend at least one."))
    if wanted > available:
        raise Refused(N_("Only %(available)s left to lend."), available=available)


def check_self_service_item(enabled, deposit):
    """Refuse an item a resident may not borrow on their own phone: nothing at all unless the estate enables
    it, and nothing that takes a deposit (money changes hands at the desk)."""
    if not enabled:
        raise Refused(N_("Borrowing here is done at the front desk."))
    if deposit:
        raise Refused(N_("This takes a deposit of %(deposit)s yuan: please borrow it at the front desk."),
                      deposit=deposit)


def check_self_service(enabled, deposit, quantity, phone):
    """Refuse a self-service loan: an item the resident may not borrow alone, more than a couple at a time,
    or no phone number the desk can call when it is overdue."""
    check_self_service_item(enabled, deposit)
    if not (phone or "").strip():
        raise Refused(N_("Leave a phone number so the service center can reach you."))
    if quantity > SELF_SERVICE_MOST:
        raise Refused(N_("Borrow at most %(most)s at a time here; for more, ask the front desk."),
                      most=SELF_SERVICE_MOST)


def self_service_allowed(enabled, deposit):
    """Whether the cabinet's page offers the item for self-service."""
    try:
        check_self_service_item(enabled, deposit)
    except Refused:
        return False
    return True


def check_stock(quantity, lent_out):
    """An item type's total may change, but never below the units now lent out."""
    if quantity < 1:
        raise Refused(N_("Give a quantity of at least 1."))
    if quantity < lent_out:
        raise Refused(N_("%(out)s are lent out now: the quantity cannot be less than that."), out=lent_out)


def check_retire(lent_out):
    """Take a key or an item type out of the register only once everything lent is back."""
    if lent_out:
        raise Refused(N_("Some of it is still out: check it in before taking it out of the register."))


def check_due(out_at, due_at):
    if due_at is None or due_at <= out_at:
        raise Refused(N_("The expected return must be later than now."))


def is_overdue(due_at, now, returned_at=None, voided_at=None):
    """Past its due time and neither back nor voided (times are naive UTC, so midnight and time zones
    play no part: the comparison is of instants)."""
    return returned_at is None and voided_at is None and due_at is not None and now > due_at


def check_void(reason, returned_at=None, voided_at=None):
    if voided_at is not None:
        raise Refused(N_("This loan is already voided."))
    if not (reason or "").strip():
        raise Refused(N_("Say why the loan is voided."))


def mask_id(number):
    """An ID number as shown on screen after entry: the first 3 and last 4 characters."""
    number = (number or "").strip()
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]
