"""The rules every register shares: a record goes out with a due time, is overdue until it comes back or is
voided, is voided only with a reason, and an entry leaves the inventory only once nothing of it is out."""
import hmac
import secrets

from . import N_, Refused

CLAIM_CODE_DIGITS = 6


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


def check_retire(lent_out):
    """Retire a key or an item type (take it out of the inventory) only once everything lent is back."""
    if lent_out:
        raise Refused(N_("Some of it is still out: check it in before taking it out of the register."))


def new_claim_code(digits=CLAIM_CODE_DIGITS):
    """A pickup or claim code the recipient reads out at the desk: random digits (secrets), never derived from
    the record, so the next parcel's code cannot be guessed from this one."""
    return f"{secrets.randbelow(10 ** digits):0{digits}d}"


def check_claim_code(given, expected):
    """The code given at the desk must be the record's own (compared in constant time)."""
    # Bytes: compare_digest refuses non-ASCII text, and a code may be typed with anything in it.
    if not expected or not hmac.compare_digest((given or "").strip().encode(), expected.encode()):
        raise Refused(N_("That code does not match. Ask for the code in the notice, or check the name."))
