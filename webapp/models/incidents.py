"""Incidents (突发事件): a register whose record is out from the incident, due as the incident record two working
days later, back when the record is written; every level alerted and every tap an event."""
from datetime import timedelta

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, IntegrityError, TextField

from .. import clock
from ..db import db, write_transaction
from ..domain import N_, Refused
from ..domain.hours import local_day_bounds, local_time
from ..domain.incidents import (ALERT_REASON, CHAINS, DEPARTMENTS, alert_payload, check_class, check_happened,
                                check_not_voided, check_record, check_typical, check_void, next_post, once_key,
                                record_due_day)
from ..domain.vocabulary import AREA_MANAGER, ROLES
from . import register
from .alerts import notify
from .calendar import days_off_and_on
from .changes import bump
from .estate import Estate, Unit, post_holder
from .people import Staff
from .register import LedgerEvent, LedgerRecord

INCIDENT_PATH = "/incidents/{id}"  # incidents.show; built here for alerts written outside a request
# Enough calendar to step over the longest run of holidays (Spring Festival, National Day).
CALENDAR_SPAN = timedelta(days=60)


class Incident(LedgerRecord):
    """One incident: class, when, where, who, what; how far up its chain it was alerted; its record."""
    closed_message = N_("This incident's record was already written.")
    estate = ForeignKeyField(Estate, backref="incidents")
    incident_class = CharField()          # A, B or C
    happened_at = DateTimeField()
    place = CharField()
    who = CharField(default="")           # the visitors, by name if they gave one
    what = TextField()
    unit = ForeignKeyField(Unit, null=True, backref="+")  # the owner's unit of a class A visit
    level = IntegerField(default=0)       # how many posts of the class's chain were alerted
    handling = TextField(default="")      # 处理经过
    outcome = TextField(default="")       # 结果
    measures = TextField(default="")      # 整改措施
    typical = BooleanField(default=False)  # 典型案例, kept for the archive
    typical_at = DateTimeField(null=True)
    typical_by = ForeignKeyField(Staff, null=True, backref="+")

    class Meta:
        indexes = ((("estate", "returned_at", "due_at"), False), (("estate", "out_at"), False),
                   (("estate", "typical"), False))

    @property
    def chain(self):
        return CHAINS[self.incident_class]

    @property
    def department(self):
        return DEPARTMENTS[self.incident_class]

    @classmethod
    def of_estate(cls, estate, incident_id):
        return cls.get_or_none((cls.id == incident_id) & (cls.estate == estate))

    @classmethod
    def recent(cls, estate, limit=50):
        return cls.select().where(cls.estate == estate).order_by(cls.out_at.desc()).limit(limit)

    @classmethod
    def typical_cases(cls, estate):
        return cls.select().where((cls.estate == estate) & cls.typical).order_by(cls.happened_at.desc())

    def log(self, action, by, at, note=""):
        IncidentEvent.create(incident=self, action=action, by=by, at=at, note=note)


class IncidentEvent(LedgerEvent):
    """One step of an incident (out, alerted, escalated, back = record written, typical, void); never changed."""
    incident = ForeignKeyField(Incident, backref="events", on_delete="CASCADE")


def record_due_at(estate, happened_at):
    """The end of the local day by which the incident record is due (the center's calendar counted)."""
    day = local_time(happened_at, estate.timezone).date()
    off, on = days_off_and_on(estate, day, day + CALENDAR_SPAN)
    return local_day_bounds(record_due_day(day, off, on), estate.timezone)[1]


def open_incident(estate, by, incident_class, happened_at, place, what, who="", unit=None):
    """Open an incident from the desk and alert its department and the first post of its chain at once."""
    now = clock.utcnow()
    check_class(incident_class)
    check_happened(happened_at, now)
    if not (place or "").strip() or not (what or "").strip():
        raise Refused(N_("Say where it happens and what happened."))
    # Not register.open_record: an incident entered late may have its record overdue already.
    with write_transaction():
        incident = Incident.create(estate=estate, out_at=now, out_by=by, due_at=record_due_at(estate, happened_at),
                                   incident_class=incident_class, happened_at=happened_at, place=place.strip(),
                                   who=(who or "").strip(), what=what.strip(), unit=unit, level=1)
        incident.log("out", by, now)
        alert_post(incident, incident.department, by, now)
        alert_post(incident, incident.chain[0], by, now)
        bump(estate.id)
    return incident


def escalate(incident_id, by, seen_level):
    """Alert the next post of the chain (one tap). The tap names the level it saw, so a double tap or two
    clerks at once move it up one level only; the second is refused."""
    now = clock.utcnow()
    with write_transaction():
        incident = Incident.get_by_id(incident_id)
        check_not_voided(incident.voided_at is not None)
        post = next_post(incident.incident_class, seen_level)
        if not Incident.update(level=Incident.level + 1).where(
                (Incident.id == incident.id) & (Incident.level == seen_level) & Incident.voided_at.is_null()
        ).execute():
            raise Refused(N_("Someone escalated this incident a moment ago; see who is alerted now."))
        incident.log("escalated", by, now, post)
        alert_post(incident, post, by, now)
        bump(incident.estate_id)
    return Incident.get_by_id(incident_id)


def alert_post(incident, post, by=None, now=None):
    """Alert a post (its holder's phones and the estate's webhook) about an incident, once per post ever;
    returns whether an alert was written now."""
    now = now or clock.utcnow()
    holder = holder_of(incident, post)
    payload = alert_payload(incident.incident_class, incident.place, post, INCIDENT_PATH.format(id=incident.id))
    try:
        with db.atomic():
            notify(incident.estate, ALERT_REASON, payload, recipient=holder, once=once_key(incident.id, post))
    except IntegrityError:
        return False
    incident.log("alerted", by, now, post)
    return True


def holder_of(incident, post):
    """Who is alerted for a post: the area head of a class A visit is the manager of the owner's unit's area
    when the incident names a unit that has one; otherwise the estate's holder of the post."""
    if post == AREA_MANAGER and incident.unit_id:
        manager = incident.unit.area_manager
        if manager is not None and manager.active:
            return manager
    return post_holder(incident.estate, post) if post in ROLES else None


def write_record(incident_id, by, handling, outcome, measures=""):
    """Write the incident record (处理经过, 结果, 整改措施); once only, even with two desks at once."""
    check_not_voided(Incident.get_by_id(incident_id).voided_at is not None)
    check_record(handling, outcome)
    return register.check_in(Incident, incident_id, by, handling=handling.strip(), outcome=outcome.strip(),
                             measures=(measures or "").strip())


def void(incident_id, by, reason):
    """Void an incident opened by mistake, with a reason, while its record is unwritten; its history stays."""
    incident = Incident.get_by_id(incident_id)
    check_void(reason, incident.returned_at is not None, incident.voided_at is not None)  # in an incident's words
    return register.void(Incident, incident.id, by, reason, open_only=True)


def mark_typical(incident_id, by, typical=True):
    """Keep an incident as a typical case for the archive (典型案例), or take it off the list; who and when."""
    now = clock.utcnow()
    with write_transaction():
        incident = Incident.get_by_id(incident_id)
        check_typical(incident.returned_at is not None)
        fields = dict(typical=True, typical_at=now, typical_by=by) if typical else dict(typical=False)
        if Incident.update(**fields).where((Incident.id == incident.id) & (Incident.typical != typical)).execute():
            incident.log("typical" if typical else "not_typical", by, now)
            bump(incident.estate_id)
    return Incident.get_by_id(incident_id)
