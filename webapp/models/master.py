"""Master data the center keeps itself: estates, areas, buildings, units and their owners. Each operation owns
its transaction and records what it changed (who, when, before → after) in the audit record."""
import re
from collections import namedtuple

from peewee import JOIN, IntegrityError

from ..db import db
from ..domain import N_, Refused
from .audit import AuditEntry, record, snapshot
from .changes import bump
from .estate import Area, Building, Owner, Unit, new_estate
from .people import Staff

ESTATE_FIELDS = ("code", "name", "timezone", "public_phone", "desk_opens", "desk_closes")
AREA_FIELDS = ("name", "manager")
BUILDING_FIELDS = ("number", "name", "area")
UNIT_FIELDS = ("building", "number", "floor", "floor_area", "important", "vacant")
OWNER_FIELDS = ("unit", "name", "phone", "notes")

FIELD_LABELS = {
    "code": N_("Code"), "name": N_("Name"), "timezone": N_("Time zone"), "public_phone": N_("Public phone"),
    "desk_opens": N_("Desk opens"), "desk_closes": N_("Desk closes"), "manager": N_("Customer manager"),
    "number": N_("Number"), "area": N_("Area"), "building": N_("Building"), "floor": N_("Floor"),
    "floor_area": N_("Floor area (m²)"), "important": N_("Important owner"), "vacant": N_("Vacant"),
    "unit": N_("Unit"), "phone": N_("Phone"), "notes": N_("Notes"), "reason": N_("Reason"),
}
SUBJECT_LABELS = {"estate": N_("Estate"), "area": N_("Area"), "building": N_("Building"), "unit": N_("Unit"),
                  "owner": N_("Owner")}
ACTION_LABELS = {"create": N_("created"), "update": N_("changed"), "remove": N_("removed")}
HISTORY_LIMIT = 50


class Clash(Refused):
    """A value another row already holds; `field` names the form field to show the message at."""

    def __init__(self, field, message, **params):
        super().__init__(message, **params)
        self.field = field


ESTATE_TAKEN = Clash("code", N_("Another estate already has the code %(code)s."))
BUILDING_TAKEN = Clash("number", N_("This estate already has a building number %(number)s."))
UNIT_TAKEN = Clash("number", N_("This estate already has a unit %(number)s."))


def _clash(template, **params):
    return Clash(template.field, template.message, **params)


def _created(actor, subject, make, fields, clash=None):
    try:
        with db.atomic():
            row = make()
            row = type(row).get_by_id(row.id)  # as stored: the record then compares like with like
            estate_id = row.id if subject == "estate" else _estate_id(row)
            record(actor, subject, row.id, "create", None, snapshot(row, fields), estate=estate_id,
                   unit=_unit_of(subject, row))
    except IntegrityError:
        if clash is None:
            raise
        raise clash from None
    return row


def _unit_of(subject, row):
    return row.id if subject == "unit" else row.unit_id if subject == "owner" else None


def _changed(actor, subject, row, changes, clash=None):
    model, fields = type(row), tuple(changes)
    before = snapshot(row, fields)
    try:
        with db.atomic():
            model.update(**changes).where(model.id == row.id).execute()
            row = model.get_by_id(row.id)
            estate_id = row.id if subject == "estate" else _estate_id(row)
            record(actor, subject, row.id, "update", before, snapshot(row, fields), estate=estate_id,
                   unit=_unit_of(subject, row))
            if subject == "estate":
                bump(row.id)  # live boards redraw with the new desk hours
    except IntegrityError:
        if clash is None:
            raise
        raise clash from None
    return row


def _estate_id(row):
    return row.unit.estate_id if isinstance(row, Owner) else row.estate_id


def create_estate(actor, fields):
    """A new estate with the teams every estate has."""
    rest = {k: v for k, v in fields.items() if k not in ("code", "name")}
    return _created(actor, "estate", lambda: new_estate(fields["code"], fields["name"], **rest), ESTATE_FIELDS,
                    _clash(ESTATE_TAKEN, code=fields["code"]))


def update_estate(actor, estate, fields):
    return _changed(actor, "estate", estate, fields, _clash(ESTATE_TAKEN, code=fields.get("code")))


def create_area(actor, estate, fields):
    return _created(actor, "area", lambda: Area.create(estate=estate, **fields), AREA_FIELDS)


def update_area(actor, area, fields):
    return _changed(actor, "area", area, fields)


def create_building(actor, estate, fields):
    return _created(actor, "building", lambda: Building.create(estate=estate, **fields), BUILDING_FIELDS,
                    _clash(BUILDING_TAKEN, number=fields["number"]))


def update_building(actor, building, fields):
    return _changed(actor, "building", building, fields, _clash(BUILDING_TAKEN, number=fields["number"]))


def create_unit(actor, estate, fields):
    return _created(actor, "unit", lambda: Unit.create(estate=estate, **fields), UNIT_FIELDS,
                    _clash(UNIT_TAKEN, number=fields["number"]))


def update_unit(actor, unit, fields):
    return _changed(actor, "unit", unit, fields, _clash(UNIT_TAKEN, number=fields["number"]))


def add_owner(actor, unit, fields):
    return _created(actor, "owner", lambda: Owner.create(unit=unit, **fields), OWNER_FIELDS)


def update_owner(actor, owner, fields):
    return _changed(actor, "owner", owner, fields)


def remove_owner(actor, owner, reason=""):
    """An owner or resident leaves the unit (sold, moved out); the record keeps who they were and why."""
    with db.atomic():
        before = snapshot(owner, OWNER_FIELDS)
        Owner.delete().where(Owner.id == owner.id).execute()
        record(actor, "owner", owner.id, "remove", before, {"reason": reason} if reason else None,
               estate=owner.unit.estate_id, unit=owner.unit_id)


def find_units(estate, building=None, area=None, text=""):
    """The estate's units in a building or area whose number starts with `text`, or one of whose owners has
    `text` in their name or phone; in number order."""
    query = (Unit.select(Unit, Building).join(Building).where(Unit.estate == estate)
             .order_by(Building.number, Unit.floor, Unit.number))
    if building is not None:
        query = query.where(Unit.building == building)
    if area is not None:
        query = query.where(Building.area == area)
    if text:
        owners = Owner.select(Owner.unit).where(Owner.name.contains(text))
        digits = "".join(c for c in text if c.isascii() and c.isdigit())
        if len(digits) >= 3:
            owners = Owner.select(Owner.unit).where(Owner.name.contains(text) | Owner.phone.contains(digits))
        query = query.where(Unit.number.startswith(_as_number(text)) | Unit.id.in_(owners))
    return query


def _as_number(text):
    """The start of a unit number as typed (2栋15, 2#15, 2－15) as stored (2-15)."""
    return _SEPARATORS.sub("-", text.strip())


_SEPARATORS = re.compile(r"\s*(?:号楼|单元|[-－—_#/ 栋幢号])+\s*")


def owners_of(units):
    """{unit id: [owners]} for a page of units, in one query."""
    found = {unit.id: [] for unit in units}
    if found:
        for owner in Owner.select().where(Owner.unit.in_(list(found))).order_by(Owner.id):
            found[owner.unit_id].append(owner)
    return found


# subject and action as msgids to translate where shown
Change = namedtuple("Change", "at who subject action about changes")


def history(subject, subject_id):
    """The recorded changes of one estate, area, building or unit, newest first, ready to show."""
    return _described(_entries((AuditEntry.subject == subject) & (AuditEntry.subject_id == subject_id)))


def unit_history(unit):
    """The unit's changes and those of its owners, present and removed, newest first."""
    return _described(_entries(AuditEntry.unit == unit.id))


def _entries(condition):
    return (AuditEntry.select(AuditEntry, Staff).join(Staff, JOIN.LEFT_OUTER, on=(AuditEntry.staff == Staff.id))
            .where(condition).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(HISTORY_LIMIT))


_NAMED = {"building": (Building, "name"), "area": (Area, "name"), "manager": (Staff, "name"),
          "unit": (Unit, "number")}


def _described(entries):
    names = {}

    def shown(field, value):
        if field not in _NAMED or value is None:
            return value
        model, attribute = _NAMED[field]
        if (field, value) not in names:
            row = model.get_or_none(model.id == value)
            names[field, value] = getattr(row, attribute) if row else f"#{value}"
        return names[field, value]

    described = []
    for entry in entries:
        changes = [(FIELD_LABELS.get(field, field), shown(field, before), shown(field, after))
                   for field, before, after in entry.changes]
        about = ""
        if entry.subject == "owner":
            recorded = next((a or b for f, b, a in entry.changes if f == "name"), "")
            about = _owner_name(entry.subject_id, names) or recorded
        described.append(Change(entry.at, entry.staff.name if entry.staff_id else "",
                                SUBJECT_LABELS.get(entry.subject, entry.subject),
                                ACTION_LABELS.get(entry.action, entry.action), about, changes))
    return described


def _owner_name(owner_id, names):
    if ("owner", owner_id) not in names:
        owner = Owner.get_or_none(Owner.id == owner_id)
        names["owner", owner_id] = owner.name if owner else ""
    return names["owner", owner_id]
