"""What a resident does from a QR sticker, without an account: report, follow, urge, rate or reopen."""
from peewee import CharField, DateTimeField, ForeignKeyField, IntegrityError

from .. import clock
from ..db import BaseModel, write_transaction
from ..domain.places import RESIDENT_CHOICES, check_resident_verdict, check_urge, new_token, resident_team
from ..domain.resident import (JOINABLE_KINDS, REPORTED_AGAIN, RESIDENTS_NOTES, joins_since, may_join, repeat_note,
                               resident_urgent, resident_words)
from ..domain.vocabulary import OPEN_STATES, QR
from .changes import bump
from .handling import record_event, step, take_request
from .photo import FINISH, INTAKE, Photo, attach, discard
from .ticket import Ticket, TicketEvent


class JoinedReport(BaseModel):
    """A resident's report that joined an open ticket: its form key, so the same form sent twice joins once."""
    ticket = ForeignKeyField(Ticket, backref="+", on_delete="CASCADE")
    intake_key = CharField(unique=True)
    at = DateTimeField(default=clock.utcnow)


def report(place, choice, description, contact_name="", contact_phone="", photos=(), intake_key=None,
           possible_flood=False, urgent=False):
    """A resident's report at a place: a ticket by channel QR with a private tracking token.

    The same form sent twice (double tap, retry after a dropped connection) gives the first ticket; the same
    problem reported again at the place while its ticket is open joins that ticket (see `join_open`).
    """
    kind = RESIDENT_CHOICES[choice]
    urgent = resident_urgent(kind, urgent)
    joined = join_open(place, kind, urgent, repeat_note(contact_name, contact_phone, description), photos,
                       intake_key)
    if joined is not None:
        return joined
    return take_request(place.estate, None, intake_key=intake_key, photos=photos, kind=kind, urgent=urgent,
                        channel=QR, place=place, location=place.where, contact_name=contact_name,
                        contact_phone=contact_phone, description=description, possible_flood=possible_flood,
                        team=resident_team(choice, place.team), tracking_token=new_token())


def join_open(place, kind, urgent, note, photos=(), intake_key=None):
    """The open ticket of this kind reported at this place a short while ago, with this report added to its
    timeline ('reported_again', no change of state) and its photos; None when there is none to join."""
    now = clock.utcnow()
    since = joins_since(kind, now)
    if since is None:
        return None
    try:
        with write_transaction():
            ticket = _open_at(place, kind, since)
            if ticket is None or not may_join(urgent, ticket.urgent):
                return None
            if intake_key:
                JoinedReport.create(ticket=ticket, intake_key=intake_key, at=now)
            record_event(ticket, None, REPORTED_AGAIN, ticket.state, ticket.state, note=note, at=now)
            attach(ticket, photos, INTAKE, None)
            bump(ticket.estate_id)
    except IntegrityError:
        ticket = joined_before(intake_key)
        if ticket is None:
            raise
        discard(photos)  # the same form, sent twice: it joined once
    return ticket


def joined_before(intake_key):
    """The ticket a form with this (scoped) key joined, or None."""
    joined = JoinedReport.get_or_none(JoinedReport.intake_key == intake_key) if intake_key else None
    return joined.ticket if joined else None


def _open_at(place, kind, since):
    return (Ticket.select().where((Ticket.place == place) & (Ticket.kind == kind) & (Ticket.created_at >= since)
                                  & Ticket.state.in_(OPEN_STATES) & Ticket.tracking_token.is_null(False))
            .order_by(Ticket.created_at, Ticket.id).first())


def times_reported(ticket):
    """How often residents reported this ticket's problem: 1, plus each report that joined it."""
    if ticket.channel != QR or ticket.kind not in JOINABLE_KINDS:
        return 1  # nothing else can have joined it: no query
    return 1 + ticket.events.where(TicketEvent.action == REPORTED_AGAIN).count()


def timeline(ticket):
    """The ticket's steps that mean something to the resident, oldest first: [(when, action, words, note)],
    the note only of what the resident wrote (their rating, their 'not fixed')."""
    events = ticket.events.order_by(TicketEvent.at, TicketEvent.id)
    steps = [(e.at, e.action, resident_words(e.action, ticket.kind, e.to_state),
              e.note if e.action in RESIDENTS_NOTES else "") for e in events]
    return [s for s in steps if s[2]]


def finish_photos(ticket):
    """The photos the handler took when finishing the work."""
    return ticket.photos.where(Photo.stage == FINISH).order_by(Photo.id)


def finish_photo(ticket, photo_id):
    """One of the ticket's finishing photos, or None (never another ticket's, nor the intake's)."""
    return finish_photos(ticket).where(Photo.id == photo_id).first()


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
