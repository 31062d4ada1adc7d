"""Importing a center's spreadsheets: the preview (nothing written, the checked rows kept for 30 minutes under an
unguessable id bound to the uploader and the estate) and the confirmation, all or nothing in one transaction
with bulk writes, made only if the estate still gives the plan that was previewed."""
import json
import os
import re
import secrets
import string
import time
from datetime import timedelta
from decimal import Decimal

from peewee import IntegrityError, chunked
from werkzeug.security import generate_password_hash

from .. import clock
from ..db import write_transaction
from ..domain import N_, Refused
from ..domain.import_plan import counts, fingerprint, plan
from ..domain.imports import KINDS, STAFF, TEAM_WORDS, check_sheet
from .audit import AuditEntry, entry_fields, record
from .estate import Area, Building, Membership, Owner, Unit, teams_of
from .people import Staff

PLAN_MINUTES = 30
CHUNK = 500
_PLAN_ID = re.compile(r"^[A-Za-z0-9_-]{32}$")
# A temporary password is 12 random letters (~69 bits), not a person's choice: a slow hash guards a guessable
# password and would make importing 100 people take a minute. It must be changed at the first sign-in.
TEMPORARY_HASH = "pbkdf2:sha256:20000"
PASSWORD_LETTERS = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
CHANGED = N_("The estate changed since the preview: upload the file again to see what the import would "
             "do now.")
GONE = N_("This preview is no longer available (a preview lasts 30 minutes): upload the file again.")


def preview(estate, actor, sheets, folder):
    """The plan of importing `sheets` {kind: rows} into the estate, and the id that confirms it."""
    records, refusals = {}, []
    for kind in KINDS:
        if kind in sheets:
            records[kind], refused = check_sheet(kind, sheets[kind], _team_words(estate))
            refusals += refused
    made = plan(records, refusals, existing(estate))
    plan_id = _keep(folder, {"estate": estate.id, "staff": actor.id, "records": records, "refusals": refusals,
                             "fingerprint": fingerprint(made),
                             "expires": (clock.utcnow() + timedelta(minutes=PLAN_MINUTES)).isoformat()})
    return made, plan_id


def confirm(estate, actor, folder, plan_id):
    """Carry out a previewed import; returns the plan and {username: temporary password} of new staff."""
    kept = _kept(folder, plan_id, estate, actor)
    try:
        with write_transaction():
            made = plan(kept["records"], kept["refusals"], existing(estate))
            if made["refused"]:
                raise Refused(N_("Some rows were refused: fix them in the file and upload it again."))
            if fingerprint(made) != kept["fingerprint"]:
                raise Refused(CHANGED)
            passwords = _write(estate, actor, made)
            record(actor, "import", estate.id, "import", after=counts(made), estate=estate)
    except IntegrityError:  # someone saved a conflicting row meanwhile: nothing of the import was kept
        raise Refused(CHANGED) from None
    _forget(folder, plan_id)
    return made, passwords


def existing(estate):
    """What the estate has that an import compares with, read with one query per table."""
    areas = {a.id: a.name for a in Area.select(Area.id, Area.name).where(Area.estate == estate)}
    owners = {}
    for owner in (Owner.select(Owner.id, Owner.unit, Owner.name, Owner.phone, Owner.notes).join(Unit)
                  .where(Unit.estate == estate).order_by(Owner.id)):
        owners.setdefault(owner.unit_id, []).append(
            {"id": owner.id, "name": owner.name, "phone": owner.phone, "notes": owner.notes})
    members = {m.staff_id for m in Membership.select(Membership.staff).where(Membership.estate == estate)}
    staff = list(Staff.select(Staff.id, Staff.username, Staff.name, Staff.mobile, Staff.role, Staff.team))
    return {
        "areas": list(areas.values()),
        "buildings": {b.number: {"id": b.id, "name": b.name, "area": areas.get(b.area_id)}
                      for b in Building.select().where(Building.estate == estate)},
        "units": {u.number: {"id": u.id, "floor": u.floor, "important": u.important, "vacant": u.vacant,
                             "floor_area": None if u.floor_area is None else f"{u.floor_area:.2f}",
                             "owners": owners.get(u.id, [])}
                  for u in Unit.select().where(Unit.estate == estate)},
        "staff": {s.username: {"id": s.id, "name": s.name, "mobile": s.mobile, "role": s.role, "team": s.team,
                               "member": s.id in members} for s in staff},
        "mobiles": {s.mobile: s.username for s in staff if s.mobile},
    }


def _team_words(estate):
    words = {}
    for team in teams_of(estate):
        words[team.code.lower()] = team.code
        if team.name:
            words[team.name.lower()] = team.code
    return words | {w: code for w, code in TEAM_WORDS.items() if code in words.values()}


def _write(estate, actor, made):
    create, update = made["create"], made["update"]
    _insert(Area, [{"estate": estate.id, "name": name} for name in made["areas"]])
    areas = {a.name: a.id for a in Area.select(Area.id, Area.name).where(Area.estate == estate).order_by(Area.id)}
    _insert(Building, [{"estate": estate.id, "number": b["number"], "name": b["name"], "area": areas.get(b["area"])}
                       for b in create["buildings"]])
    _update(Building, update["buildings"], lambda field, value: areas.get(value) if field == "area" else value)
    buildings = {b.number: b.id for b in Building.select(Building.id, Building.number)
                 .where(Building.estate == estate)}
    _insert(Unit, [{"estate": estate.id, "building": buildings[u["building"]], "number": u["number"],
                    "floor": u["floor"], "floor_area": _decimal(u["floor_area"]), "important": u["important"],
                    "vacant": u["vacant"]} for u in create["units"]])
    _update(Unit, update["units"], lambda field, value: _decimal(value) if field == "floor_area" else value)
    units = {u.number: u.id for u in Unit.select(Unit.id, Unit.number).where(Unit.estate == estate)}
    owners = [dict(o, unit=units[u["number"]]) for u in create["units"] for o in u["owners"]]
    owners += [dict(o, unit=u["id"]) for u in update["units"] for o in u["owners"]]
    owners = [{"id": o.get("id"), "unit": o["unit"], "name": o["name"], "phone": o["phone"],
               "notes": o.get("notes", "")} for o in owners]
    _insert(Owner, [{k: v for k, v in o.items() if k != "id"} for o in owners if o["id"] is None])
    Owner.bulk_update([Owner(**o) for o in owners if o["id"] is not None], fields=["name", "phone", "notes"],
                      batch_size=CHUNK)
    _update(Staff, update[STAFF])
    passwords = _new_staff(estate, create[STAFF])
    _audit(estate, actor, made, buildings, units)
    return passwords


def _decimal(text):
    return None if text is None else Decimal(text)


def _insert(model, rows):
    for batch in chunked(rows, CHUNK):
        model.insert_many(batch).execute()


def _update(model, updates, value=lambda field, value: value):
    """Bulk updates, grouped by the fields they change."""
    groups = {}
    for one in updates:
        fields = tuple(sorted(f for f in one["changes"] if not f.startswith("owner")))
        if fields:
            groups.setdefault(fields, []).append(
                model(id=one["id"], **{f: value(f, one["changes"][f][1]) for f in fields}))
    for fields, rows in groups.items():
        model.bulk_update(rows, fields=list(fields), batch_size=CHUNK)


def _new_staff(estate, people):
    """Create the people with a temporary password each, to be changed at their first sign-in."""
    passwords = {p["username"]: "".join(secrets.choice(PASSWORD_LETTERS) for _ in range(12)) for p in people}
    now = clock.utcnow()
    _insert(Staff, [{"username": p["username"], "name": p["name"], "mobile": p["mobile"], "role": p["role"],
                     "team": p["team"], "must_change_password": True, "active": True, "session_version": 0,
                     "password_hash": generate_password_hash(passwords[p["username"]], TEMPORARY_HASH),
                     "created_at": now} for p in people])
    for batch in chunked(list(passwords), CHUNK):
        _insert(Membership, [{"staff": s.id, "estate": estate.id}
                             for s in Staff.select(Staff.id).where(Staff.username.in_(batch))])
    return passwords


def _audit(estate, actor, made, buildings, units):
    """One entry per row created or changed, as the master-data screens record theirs."""
    ids = {"buildings": buildings, "units": units}
    staff = {s.username: s.id for s in Staff.select(Staff.id, Staff.username)
             .where(Staff.username.in_([p["username"] for p in made["create"][STAFF]]))} \
        if made["create"][STAFF] else {}
    ids[STAFF] = staff
    subjects = {"buildings": "building", "units": "unit", STAFF: "staff"}
    keys = {"buildings": "number", "units": "number", STAFF: "username"}
    now, rows = clock.utcnow(), []
    for kind in KINDS:
        for one in made["create"][kind]:
            after = {k: v for k, v in one.items() if k not in ("row", "owners")}
            rows.append(_entry(estate, actor, now, subjects[kind], ids[kind][one[keys[kind]]], "create", {}, after))
        for one in made["update"][kind]:
            changes = one["changes"]
            rows.append(_entry(estate, actor, now, subjects[kind], one["id"], "update",
                               {f: c[0] for f, c in changes.items()}, {f: c[1] for f, c in changes.items()}))
    _insert(AuditEntry, [row for row in rows if row])


def _entry(estate, actor, now, subject, subject_id, action, before, after):
    return entry_fields(actor.id, subject, subject_id, action, before, after, estate.id,
                        unit=subject_id if subject == "unit" else None, at=now)


def _keep(folder, kept):
    os.makedirs(folder, exist_ok=True)
    _sweep(folder)
    plan_id = secrets.token_urlsafe(24)
    with open(os.path.join(folder, f"{plan_id}.json"), "w", encoding="utf-8") as out:
        json.dump(kept, out, ensure_ascii=False)
    return plan_id


def _kept(folder, plan_id, estate, actor):
    """The kept preview with this id, if it is this person's, in this estate, and not expired."""
    if not isinstance(plan_id, str) or not _PLAN_ID.match(plan_id):
        raise Refused(GONE)
    try:
        with open(os.path.join(folder, f"{plan_id}.json"), encoding="utf-8") as kept_file:
            kept = json.load(kept_file)
    except (OSError, ValueError):
        raise Refused(GONE) from None
    if (kept.get("estate"), kept.get("staff")) != (estate.id, actor.id) or \
            kept.get("expires", "") < clock.utcnow().isoformat():
        raise Refused(GONE)
    return kept


def _forget(folder, plan_id):
    try:
        os.remove(os.path.join(folder, f"{plan_id}.json"))
    except OSError:
        pass


def _sweep(folder):
    """Remove the previews nobody confirmed (by the file's age: the wall clock, whatever the app's clock says)."""
    oldest = time.time() - PLAN_MINUTES * 60 * 2
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        try:
            if name.endswith(".json") and os.path.getmtime(path) < oldest:
                os.remove(path)
        except OSError:
            pass
