"""The duty roster (值班): shifts on the estate's wall clock, rotations over them, and overrides of a whole day or
of one shift on one day (made by hand or by an approved swap)."""
from datetime import timedelta

from peewee import BooleanField, CharField, DateField, ForeignKeyField, IntegerField, TextField

from ..db import BaseModel, db
from ..domain.duty import check_rotation, covering_start, is_overnight, rotation_person
from ..domain.hours import parse_hhmm
from ..domain.vocabulary import CENTER_HEAD, CS_HEAD, ADMIN
from .audit import record, snapshot
from .estate import Estate, Team, colleagues
from .people import Staff

SHIFT_FIELDS = ("team", "name", "starts", "ends", "lead")
ROTATION_FIELDS = ("anchor", "people", "days_each")
# Who edits any team's roster; a team's lead edits their own team's.
ROSTER_EDITORS = (ADMIN, CENTER_HEAD, CS_HEAD)


class Shift(BaseModel):
    """A team's shift, e.g. security nights 20:00–08:00 (overnight when it ends before it starts)."""
    estate = ForeignKeyField(Estate, backref="shifts", on_delete="CASCADE")
    team = CharField()
    name = CharField()
    starts = CharField()  # "HH:MM" on the estate's wall clock
    ends = CharField()
    lead = BooleanField(default=True)  # whoever works it receives the team's dispatched orders

    class Meta:
        indexes = ((("estate", "team"), False),)

    def started_on(self, local_now):
        """The day this shift began if it is running at `local_now`, else None."""
        return covering_start(local_now, parse_hhmm(self.starts), parse_hhmm(self.ends))

    @property
    def overnight(self):
        return is_overnight(parse_hhmm(self.starts), parse_hhmm(self.ends))

    @property
    def rotation(self):
        return self.rotations.order_by(Rotation.id).first()

    @classmethod
    def of_team(cls, estate, team):
        return cls.select().where((cls.estate == estate) & (cls.team == team)).order_by(cls.starts, cls.id)


class Rotation(BaseModel):
    """People taking a shift in turn, `days_each` days each, counted from `anchor`: it never runs out."""
    shift = ForeignKeyField(Shift, backref="rotations", on_delete="CASCADE")
    anchor = DateField()
    people = TextField()  # staff ids in turn, comma-separated
    days_each = IntegerField(default=1)

    @property
    def people_ids(self):
        return [int(p) for p in self.people.split(",") if p.strip().isdigit()]

    def person_on(self, day):
        return rotation_person(self.anchor, self.people_ids, self.days_each, day)


class Duty(BaseModel):
    """A person put on duty by hand (or by an approved swap): for one shift on one day, or, without a shift, for
    the team's whole day; either overrides the rotation."""
    estate = ForeignKeyField(Estate, backref="duties")
    day = DateField()
    team = CharField()
    staff = ForeignKeyField(Staff, backref="duties")
    lead = BooleanField(default=False)  # 当值主管 / 值班工程人员 who receives dispatched orders
    shift = ForeignKeyField(Shift, null=True, backref="overrides", on_delete="CASCADE")

    class Meta:
        indexes = ((("estate", "day", "team"), False),)

    @classmethod
    def leads(cls, estate, day):
        """{team: staff id} of the leads put on duty by hand for the whole day."""
        rows = cls.select().where((cls.estate == estate) & (cls.day == day) & cls.lead & cls.shift.is_null())
        return {row.team: row.staff_id for row in rows}

    @classmethod
    def leads_now(cls, estate, local_now):
        """{team: staff id} of who leads each team at this local moment: the person put on the shift running now
        (today's, or yesterday's overnight one) for its day wins, then a hand-made duty for today's whole day,
        then the shift's rotation. Five queries however many shifts: dispatch asks it for every request."""
        running = {}
        for shift in Shift.select().where((Shift.estate == estate) & Shift.lead).order_by(Shift.id):
            day = shift.started_on(local_now)
            if day is not None:
                running[shift.id] = (shift, day)
        rotations = {}
        for rotation in Rotation.select().where(Rotation.shift.in_(list(running))).order_by(Rotation.id):
            rotations.setdefault(rotation.shift_id, rotation)
        overrides = {(row.shift_id, row.day): row.staff_id for row in cls.select().where(
            cls.shift.in_(list(running)) & cls.day.in_(list({day for _, day in running.values()})))}
        rostered, replaced = {}, {}
        for shift_id, (shift, day) in running.items():
            if (shift_id, day) in overrides:
                replaced.setdefault(shift.team, overrides[(shift_id, day)])
            person = rotations[shift_id].person_on(day) if shift_id in rotations else None
            if person:
                rostered.setdefault(shift.team, person)
        rostered.update(cls.leads(estate, local_now.date()))
        rostered.update(replaced)
        active = {s.id for s in Staff.select(Staff.id).where(Staff.id.in_(list(rostered.values())) & Staff.active)}
        return {team: person for team, person in rostered.items() if person in active}


def team_members(estate, team):
    """The active staff of a team in an estate, by name."""
    return colleagues(estate).where(Staff.team == team)


def may_edit_roster(staff, estate, team):
    """Whether a person edits a team's roster: the heads and admins, and the team's own lead."""
    return staff.role in ROSTER_EDITORS or Team.select().where(
        (Team.estate == estate) & (Team.code == team) & (Team.lead == staff.id)).exists()


def on_duty_by_day(shifts, days):
    """{(shift id, day): (staff id, how)} for some shifts over some days; how is "rotation", "override" or
    "swap" (an override an approved swap made)."""
    from .swaps import swapped_cells
    shifts = list(shifts)
    ids = [s.id for s in shifts]
    found = {}
    for shift in shifts:
        rotation = shift.rotation
        for day in days:
            person = rotation.person_on(day) if rotation else None
            if person:
                found[(shift.id, day)] = (person, "rotation")
    overrides = Duty.select().where(Duty.shift.in_(ids) & Duty.day.between(min(days), max(days))) if ids else []
    swapped = swapped_cells(ids, min(days), max(days)) if ids else set()
    for row in overrides:
        key = (row.shift_id, row.day)
        found[key] = (row.staff_id, "swap" if key in swapped else "override")
    return found


def names_of(ids):
    """{staff id: name}."""
    ids = list(set(ids))
    return {s.id: s.name for s in Staff.select(Staff.id, Staff.name).where(Staff.id.in_(ids))} if ids else {}


def shifts_of(person, estate, first_day, days=14):
    """[(day, shift, how)] a person works from `first_day` for `days` days, in order."""
    if not person.team:
        return []
    span = [first_day + timedelta(days=n) for n in range(days)]
    shifts = {s.id: s for s in Shift.of_team(estate, person.team)}
    cells = on_duty_by_day(shifts.values(), span)
    mine = [(day, shifts[shift_id], how) for (shift_id, day), (who, how) in cells.items() if who == person.id]
    return sorted(mine, key=lambda entry: (entry[0], entry[1].starts, entry[1].id))


def save_shift(estate, actor, team, shift=None, **fields):
    """Create a team's shift, or change one; recorded."""
    for hhmm in (fields["starts"], fields["ends"]):
        parse_hhmm(hhmm)
    with db.atomic():
        before = snapshot(shift, SHIFT_FIELDS) if shift else {}
        if shift is None:
            shift = Shift.create(estate=estate, team=team, **fields)
        else:
            Shift.update(**fields).where(Shift.id == shift.id).execute()
            shift = Shift.get_by_id(shift.id)
        record(actor, "shift", shift.id, "update" if before else "create", before,
               snapshot(shift, SHIFT_FIELDS), estate)
    return shift


def delete_shift(shift, actor):
    """Remove a shift with its rotation and overrides; recorded."""
    with db.atomic():
        record(actor, "shift", shift.id, "delete", snapshot(shift, SHIFT_FIELDS), {}, shift.estate_id)
        Duty.delete().where(Duty.shift == shift).execute()
        Rotation.delete().where(Rotation.shift == shift).execute()
        Shift.delete().where(Shift.id == shift.id).execute()


def save_rotation(shift, actor, anchor, people, days_each):
    """Set who takes a shift in turn (people: staff ids in order), from `anchor`, `days_each` days each."""
    check_rotation(people, days_each)
    values = dict(anchor=anchor, people=",".join(str(p) for p in people), days_each=days_each)
    with db.atomic():
        rotation = shift.rotation
        before = snapshot(rotation, ROTATION_FIELDS) if rotation else {}
        if rotation is None:
            rotation = Rotation.create(shift=shift, **values)
        else:
            Rotation.update(**values).where(Rotation.id == rotation.id).execute()
            rotation = Rotation.get_by_id(rotation.id)
        record(actor, "rotation", rotation.id, "update" if before else "create", before,
               snapshot(rotation, ROTATION_FIELDS), shift.estate_id)


def put_on(shift, day, person_id, actor):
    """Put someone on a shift for one day instead of the rotation, or (person_id None) give the day back to the
    rotation; recorded. Call inside a transaction to join a larger change."""
    with db.atomic():
        current = Duty.get_or_none((Duty.shift == shift) & (Duty.day == day))
        before = snapshot(current, ("staff", "day", "shift")) if current else {}
        Duty.delete().where((Duty.shift == shift) & (Duty.day == day)).execute()
        after = {}
        if person_id:
            made = Duty.create(estate=shift.estate_id, day=day, team=shift.team, staff=person_id, lead=shift.lead,
                               shift=shift)
            after = snapshot(made, ("staff", "day", "shift"))
        if before or after:
            record(actor, "duty", shift.id, "update" if before and after else "delete" if before else "create",
                   before, after, shift.estate_id)


def choose_lead(estate, team, person_id, actor):
    """Make a member of the team its lead (who approves swaps and edits its roster), or none; recorded."""
    with db.atomic():
        row = Team.get((Team.estate == estate) & (Team.code == team))
        before = snapshot(row, ("lead",))
        Team.update(lead=person_id or None).where(Team.id == row.id).execute()
        record(actor, "team", row.id, "update", before, {"lead": person_id or None}, estate.id)
