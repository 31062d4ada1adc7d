"""What a resident does from a QR sticker, without an account: report, follow, urge, rate or reopen."""
from .. import clock
from ..db import write_transaction
from ..domain.places import RESIDENT_CHOICES, check_resident_verdict, check_urge, new_token, resident_team
from ..domain.vocabulary import QR
from .handling import step, take_request
from .ticket import Ticket


def report(place, choice, description, contact_name="", contact_phone="", photos=(), intake_key=None,
           possible_flood=False):
    """A resident's report at a place: a ticket by channel QR with a private tracking token.

    The same form sent twice (double tap, retry after a dropped connection) gives the first ticket.
    """
    return take_request(place.estate, None, intake_key=intake_key, photos=photos, kind=RESIDENT_CHOICES[choice],
                        channel=QR, place=place, location=place.where, contact_name=contact_name,
                        contact_phone=contact_phone, description=description, possible_flood=possible_flood,
                        team=resident_team(choice, place.team), tracking_token=new_token())


def sticker_scope(place):
    """Where a resident's form keys count: one sticker (staff keys live in another scope)."""
    return f"q{place.id}"


def tracked(token):
    """The ticket behind a resident's tracking link, or None."""
    return Ticket.get_or_none(Ticket.tracking_token == token) if token else None


def urge(ticket_id):
    """催单: put the waiting ticket on top of its queue, at most once per 30 minutes."""
    now = clock.utcnow()
    with write_transaction():
        ticket = Ticket.get_by_id(ticket_id)
        check_urge(ticket.state, ticket.urged_at, now)
        step(ticket, None, "urge", at=now)


def verdict(ticket_id, fixed, rating=None, comment=""):
    """The resident's word once the work is done: a rating, or 'not fixed', which reopens the ticket
    to its handler's queue with the resident's note."""
    comment = (comment or "").strip()
    with write_transaction():
        ticket = Ticket.get_by_id(ticket_id)
        check_resident_verdict(ticket.state, fixed, rating)
        if fixed:
            step(ticket, None, "rate", note=comment, rating=rating, shown=dict(note=f"{rating}/5 {comment}".strip()))
        else:
            step(ticket, None, "reopen", note=comment, shown=dict(target=ticket.assignee_id, team=ticket.team))
    return Ticket.get_by_id(ticket_id)
