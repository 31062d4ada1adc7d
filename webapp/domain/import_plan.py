"""What an import would do: the checked rows compared with what the estate already has, as rows to create, rows
to update (each change before -> after) and rows refused; an empty cell leaves a value as it is, and an import
never deletes anything (a unit's owners beyond those in the file stay)."""
import hashlib
import json

from . import N_, Refused
from .imports import BUILDINGS, KINDS, STAFF, UNITS, floor_of, refusal
from .vocabulary import ADMIN


def plan(records, refusals, existing):
    """The plan of an import. `records` {kind: [record]} come from check_sheet; `existing` is what the estate
    has: {"buildings": {number: {id, name, area}}, "areas": [name], "units": {number: {id, floor, floor_area,
    important, vacant, owners: [{id, name, phone, notes}]}}, "staff": {username: {id, name, mobile, role, team,
    member}}, "mobiles": {mobile: username}}."""
    made = {"create": {k: [] for k in KINDS}, "update": {k: [] for k in KINDS}, "areas": [],
            "refused": list(refusals), "unchanged": {k: 0 for k in KINDS}}
    buildings = _buildings(records.get(BUILDINGS, []), existing, made)
    _units(records.get(UNITS, []), existing, buildings | set(existing["buildings"]), made)
    _staff(records.get(STAFF, []), existing, made)
    made["refused"].sort(key=lambda r: (KINDS.index(r["sheet"]), r["row"]))
    return made


def fingerprint(made):
    """A digest of a plan: the same plan made again later has the same one."""
    return hashlib.sha256(json.dumps(made, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def counts(made):
    """{"buildings_created": n, "buildings_updated": n, …, "refused": n}."""
    found = {f"{kind}_{verb}d": len(made[verb][kind]) for kind in KINDS for verb in ("create", "update")}
    return found | {"areas_created": len(made["areas"]), "refused": len(made["refused"])}


def _once(kind, key, record, seen, made, message):
    """Whether this is the first row of the file with `key`; a later one is refused."""
    if key in seen:
        made["refused"].append(refusal(kind, record["row"], Refused(message, key=key, first=seen[key])))
        return False
    seen[key] = record["row"]
    return True


def _sort(kind, record, changes, made, **extra):
    if record.get("id") is None and changes is None:
        made["create"][kind].append(record)
    elif changes:
        made["update"][kind].append({"row": record["row"], "id": record["id"], "key": record["key"],
                                     "changes": changes, **extra})
    else:
        made["unchanged"][kind] += 1


def _changes(old, new, fields):
    """{field: [before, after]} of the fields the file gives (not None) and changes."""
    return {f: [old[f], new[f]] for f in fields if new[f] is not None and new[f] != old[f]}


def _buildings(records, existing, made):
    seen = {}
    for record in records:
        if not _once(BUILDINGS, record["number"], record, seen, made,
                     N_("Building %(key)s is already on row %(first)s.")):
            continue
        if record["area"] and record["area"] not in existing["areas"] and record["area"] not in made["areas"]:
            made["areas"].append(record["area"])
        old = existing["buildings"].get(record["number"])
        if old is None:
            _sort(BUILDINGS, record, None, made)
        else:
            new = {"name": record["name"], "area": record["area"] or None}
            _sort(BUILDINGS, {"row": record["row"], "id": old["id"], "key": record["number"]},
                  _changes(old, new, ("name", "area")), made)
    return set(seen)


def _units(records, existing, buildings, made):
    seen = {}
    for record in records:
        if not _once(UNITS, record["number"], record, seen, made, N_("Unit %(key)s is already on row %(first)s.")):
            continue
        if record["building"] not in buildings:
            made["refused"].append(refusal(UNITS, record["row"], Refused(
                N_("Building %(number)s is neither in the file nor in the estate."), number=record["building"])))
            continue
        old = existing["units"].get(record["number"])
        if old is None:
            floor = floor_of(record["number"]) if record["floor"] is None else record["floor"]
            _sort(UNITS, {**record, "floor": floor, "important": bool(record["important"]),
                          "vacant": bool(record["vacant"])}, None, made)
            continue
        changes = _changes(old, record, ("floor", "floor_area", "important", "vacant"))
        owners = _owner_changes(old["owners"], record["owners"], changes)
        _sort(UNITS, {"row": record["row"], "id": old["id"], "key": record["number"]}, changes, made, owners=owners)


def _owner_changes(old_owners, new_owners, changes):
    """The owners to write, in order: the file's first owner replaces the unit's first one, and so on."""
    writes = []
    for place, new in enumerate(new_owners):
        old = old_owners[place] if place < len(old_owners) else None
        if old is None or any(old[field] != value for field, value in new.items()):
            writes.append({"id": old and old["id"], "notes": old["notes"] if old else "", **new})
            changes[f"owner{place + 1}"] = [_owner_text(old), _owner_text(new)]
    return writes


def _owner_text(owner):
    return " ".join(filter(None, (owner["name"], owner["phone"], owner.get("notes")))) if owner else None


def _staff(records, existing, made):
    seen, seen_mobiles = {}, {}
    for record in records:
        if not _once(STAFF, record["username"], record, seen, made,
                     N_("Username %(key)s is already on row %(first)s.")):
            continue
        if record["mobile"] and not _once(STAFF, record["mobile"], record, seen_mobiles, made,
                                          N_("Mobile %(key)s is already on row %(first)s.")):
            continue
        holder = existing["mobiles"].get(record["mobile"])
        if record["mobile"] and holder not in (None, record["username"]):
            made["refused"].append(refusal(STAFF, record["row"], Refused(
                N_("Mobile %(mobile)s belongs to someone else already."), mobile=record["mobile"])))
            continue
        old = existing["staff"].get(record["username"])
        if old is not None and (not old["member"] or old["role"] == ADMIN):
            made["refused"].append(refusal(STAFF, record["row"], Refused(
                N_("Username %(username)s is taken by someone outside this estate."), username=record["username"])))
        elif old is None:
            _sort(STAFF, record, None, made)
        else:
            _sort(STAFF, {"row": record["row"], "id": old["id"], "key": record["username"]},
                  _changes(old, record, ("name", "mobile", "role", "team")), made)
