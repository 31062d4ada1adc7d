"""The center manages its people and teams: create, change, deactivate staff, reset a password, add and retire
teams. Each operation owns its transaction and records what it changed (never a password hash)."""
from peewee import JOIN, IntegrityError

from ..db import db
from ..domain import N_, Refused
from ..domain.people import (check_admins_left, check_estates, check_not_oneself, check_team_code,
                             check_team_retirement, temporary_password)
from ..domain.vocabulary import ADMIN, BUILT_IN_TEAMS, OPEN_STATES
from .audit import AuditEntry, record, snapshot
from .estate import Estate, Membership, Team, teams_of
from .people import Staff
from .ticket import Ticket

STAFF_FIELDS = ("username", "name", "mobile", "role", "team", "active")
TAKEN_USERNAME = N_("The username %(value)s is taken.")
TAKEN_MOBILE = N_("Someone else already has the mobile number %(value)s.")
TEAM_FIELDS = ("code", "name", "active")


class Clash(Refused):
    """A value another person already holds; `field` names the form field to show the message at."""

    def __init__(self, field, message, **params):
        super().__init__(message, **params)
        self.field = field


def create_staff(actor, fields, estates, estate=None):
    """A new member of staff working in `estates`, with a temporary password to change at first sign-in;
    returns (staff, password) — the password is shown once and kept nowhere."""
    check_estates(fields["role"], estates)
    password = temporary_password()
    person = Staff(must_change_password=True, **fields)
    person.set_password(password)
    _unclaimed(fields)
    try:
        with db.atomic():
            person.save()
            Membership.insert_many([dict(staff=person, estate=e) for e in estates]).execute()
            record(actor, "staff", person.id, "create", None, _snapshot(person), estate=estate)
    except IntegrityError:
        raise _raced(fields) from None
    return person, password


def update_staff(actor, person, fields, estates, scope, estate=None):
    """Change a person's name, mobile, role, team and, among the estates in `scope` (those the actor manages),
    the estates they work in; their memberships elsewhere stay."""
    kept = {e for e in _estate_ids(person) if e not in scope}
    wanted = kept | set(estates)
    check_estates(fields["role"], wanted)
    _unclaimed(fields, person.id)
    try:
        with db.atomic():
            before = _snapshot(person)
            _keep_an_admin(person, before, fields["role"] == ADMIN and before["active"])
            Staff.update(**fields).where(Staff.id == person.id).execute()
            Membership.delete().where((Membership.staff == person) & Membership.estate.not_in(list(wanted))).execute()
            have = set(_estate_ids(person))
            Membership.insert_many([dict(staff=person, estate=e) for e in wanted - have]).execute()
            after = _snapshot(Staff.get_by_id(person.id))
            record(actor, "staff", person.id, "update", before, after, estate=estate)
    except IntegrityError:
        raise _raced(fields, person.id) from None
    return Staff.get_by_id(person.id)


def deactivate(actor, person, reason="", estate=None):
    """A person leaves: they can no longer sign in, and every session they have is refused."""
    check_not_oneself(actor.id, person.id)
    with db.atomic():
        before = _snapshot(person)
        _keep_an_admin(person, before, False)
        Staff.update(active=False).where(Staff.id == person.id).execute()
        person.sign_out_everywhere()
        record(actor, "staff", person.id, "deactivate", before, _snapshot(Staff.get_by_id(person.id)) | _why(reason),
               estate=estate)
    return Staff.get_by_id(person.id)


def reactivate(actor, person, reason="", estate=None):
    """A person comes back: they sign in again with their password."""
    with db.atomic():
        before = _snapshot(person)
        Staff.update(active=True).where(Staff.id == person.id).execute()
        record(actor, "staff", person.id, "reactivate", before, _snapshot(Staff.get_by_id(person.id)) | _why(reason),
               estate=estate)
    return Staff.get_by_id(person.id)


def reset_password(actor, person, reason="", estate=None):
    """A new temporary password for someone who forgot theirs: every session of theirs is refused, and they
    must change it at first sign-in. Returns the password, to show once."""
    check_not_oneself(actor.id, person.id)
    password, before = temporary_password(), person.must_change_password
    with db.atomic():
        person.set_password(password)
        Staff.update(password_hash=person.password_hash, must_change_password=True).where(
            Staff.id == person.id).execute()
        person.sign_out_everywhere()
        record(actor, "staff", person.id, "reset_password", {"must_change_password": before},
               {"must_change_password": True} | _why(reason), estate=estate)
    return password


def open_tickets_of(person):
    """The open tickets a person holds, oldest first: to hand to someone else when they leave."""
    return (Ticket.select().where((Ticket.assignee == person) & Ticket.state.in_(OPEN_STATES))
            .order_by(Ticket.created_at))


def staff_of(estate, everyone=False):
    """The people working in an estate, and the admins (who work in every estate); active ones unless
    `everyone`, by role and name."""
    members = Membership.select(Membership.staff).where(Membership.estate == estate)
    query = Staff.select().where(Staff.id.in_(members) | (Staff.role == ADMIN)).order_by(Staff.role, Staff.name)
    return query if everyone else query.where(Staff.active)


def estates_of(people):
    """{staff id: [estates]} for a list of people, in one query."""
    found = {p.id: [] for p in people}
    if found:
        rows = (Membership.select(Membership, Estate).join(Estate)
                .where(Membership.staff.in_(list(found))).order_by(Estate.id))
        for m in rows:
            found[m.staff_id].append(m.estate)
    return found


def history_of(person, limit=50):
    """The recorded changes of a person, newest first."""
    # Not AuditEntry.of: its join type "LEFT OUTER" lacks the JOIN keyword (reported to the lead).
    return (AuditEntry.select(AuditEntry, Staff)
            .join(Staff, JOIN.LEFT_OUTER, on=(AuditEntry.staff == Staff.id))
            .where((AuditEntry.subject == "staff") & (AuditEntry.subject_id == person.id))
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit))


def add_team(actor, estate, code, name):
    """A team the center adds to an estate (保洁 cleaning, 绿化 greening…), with its own queue and people."""
    with db.atomic():
        check_team_code(code, {t.code for t in teams_of(estate, include_inactive=True)})
        team = Team.create(estate=estate, code=code, name=name)
        record(actor, "team", team.id, "create", None, snapshot(team, TEAM_FIELDS), estate=estate)
    return team


def rename_team(actor, team, name):
    """Give a team another name; a built-in team given no name is called by its usual, translated one."""
    if not name and team.code not in BUILT_IN_TEAMS:
        raise Refused(N_("Give the team a name."))
    with db.atomic():
        before = snapshot(team, TEAM_FIELDS)
        Team.update(name=name).where(Team.id == team.id).execute()
        record(actor, "team", team.id, "update", before, snapshot(Team.get_by_id(team.id), TEAM_FIELDS),
               estate=team.estate_id)


def deactivate_team(actor, team):
    """Retire a team the center added, once nobody and nothing is left in it."""
    with db.atomic():
        people = (Staff.select().join(Membership)
                  .where((Membership.estate == team.estate_id) & (Staff.team == team.code) & Staff.active).count())
        tickets = Ticket.select().where((Ticket.estate == team.estate_id) & (Ticket.team == team.code)
                                        & Ticket.state.in_(OPEN_STATES)).count()
        check_team_retirement(team.code, people, tickets)
        before = snapshot(team, TEAM_FIELDS)
        Team.update(active=False).where(Team.id == team.id).execute()
        record(actor, "team", team.id, "deactivate", before, snapshot(Team.get_by_id(team.id), TEAM_FIELDS),
               estate=team.estate_id)


def _keep_an_admin(person, before, stays_active_admin):
    """Inside the change's transaction, before it is written: refuse it if it leaves no active admin. The
    active admins' rows are locked where the database can, so two admins demoting each other at once cannot
    both succeed."""
    admins = Staff.select(Staff.id).where((Staff.role == ADMIN) & Staff.active)
    if getattr(db.obj, "for_update", False):
        admins = admins.for_update()
    others = {row.id for row in admins} - {person.id}
    check_admins_left(before["role"] == ADMIN and before["active"], stays_active_admin, len(others))


def _unclaimed(fields, own_id=0):
    """Refuse a username or mobile someone else has."""
    for name, message in (("username", TAKEN_USERNAME), ("mobile", TAKEN_MOBILE)):
        value = fields.get(name)
        if value and Staff.select().where((getattr(Staff, name) == value) & (Staff.id != own_id)).exists():
            raise Clash(name, message, value=value)


def _raced(fields, own_id=0):
    """The clash a unique index caught after the check above passed (someone took it meanwhile)."""
    try:
        _unclaimed(fields, own_id)
    except Clash as clash:
        return clash
    return Clash("username", TAKEN_USERNAME, value=fields.get("username", ""))


def _snapshot(person):
    return snapshot(person, STAFF_FIELDS) | {"estates": sorted(_estate_ids(person))}


def _estate_ids(person):
    return [m.estate_id for m in Membership.select(Membership.estate).where(Membership.staff == person)]


def _why(reason):
    return {"reason": reason} if reason else {}
