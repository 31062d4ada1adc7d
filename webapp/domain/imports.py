"""The rows of a center's spreadsheets checked one by one: buildings, units with their owners, staff. Each row
becomes a clean record or a refusal saying why (in words marked for translation), with its row number."""
import re
from datetime import date, datetime, time

from . import N_, Refused
from .numbering import normalise_unit
from .people import check_username
from .phones import looks_like_phone
from .vocabulary import (ADMIN, AREA_MANAGER, BUILT_IN_TEAMS, CENTER_HEAD, CS_HEAD, ENGINEERING, FIELD, FRONT_DESK,
                         ROLES, SECURITY, TEAM_ROLES, team_of)

BUILDINGS, UNITS, STAFF = "buildings", "units", "staff"
KINDS = (BUILDINGS, UNITS, STAFF)  # in the order they are imported: units refer to buildings
SHEET_NAMES = {"楼栋": BUILDINGS, "buildings": BUILDINGS, "房屋": UNITS, "units": UNITS, "员工": STAFF,
               "staff": STAFF}

# Each kind's columns: field -> the titles accepted for it (the first is the template's). A unit's second owner
# comes in the 业主2姓名 / 业主2电话 columns; a unit's notes (备注) are its first owner's.
COLUMNS = {
    BUILDINGS: {"number": ("楼栋号", "number", "building number", "楼号"),
                "name": ("楼栋名称", "name", "building name"),
                "area": ("片区", "area")},
    UNITS: {"building": ("楼栋号", "building", "building number", "楼号"),
            "unit": ("房号", "unit", "unit number", "room"),
            "floor": ("楼层", "floor"),
            "floor_area": ("建筑面积", "floor area", "floor_area"),
            "owner_name": ("业主姓名", "owner name", "owner"),
            "owner_phone": ("业主电话", "owner phone", "phone"),
            "important": ("重要业主", "important"),
            "vacant": ("空置", "vacant"),
            "notes": ("备注", "notes"),
            "owner2_name": ("业主2姓名", "owner 2 name", "second owner"),
            "owner2_phone": ("业主2电话", "owner 2 phone", "second owner phone")},
    STAFF: {"username": ("用户名", "username", "user name"),
            "name": ("姓名", "name"),
            "mobile": ("手机", "mobile", "phone"),
            "role": ("角色", "role"),
            "team": ("班组", "team")},
}
REQUIRED = {BUILDINGS: ("number", "name"), UNITS: ("building", "unit"), STAFF: ("username", "name", "role")}
EXAMPLES = {BUILDINGS: ("1", "1号楼", "一区"),
            UNITS: ("1", "1-101", "1", "89.50", "王小明", "13912345678", "否", "否", "", "", ""),
            STAFF: ("zhangsan", "张三", "13800001111", "客服前台", "")}

# Roles by their code, English label or the names centers use for them.
ROLE_WORDS = {word.lower(): role for role, words in {
    FRONT_DESK: ("客服前台", "前台", "front desk"), AREA_MANAGER: ("区域客户主任", "客户主任", "area customer manager"),
    CS_HEAD: ("客服主管", "客户服务部门负责人", "customer service head"),
    CENTER_HEAD: ("物业服务中心主任", "物业服务中心负责人", "中心主任", "service center head"),
    SECURITY: ("安防", "秩序维护", "保安", "security"), ENGINEERING: ("工程", "工程人员", "维修", "engineering"),
    FIELD: ("一线员工", "field staff"), ADMIN: ("系统管理员", "管理员", "administrator"),
}.items() for word in words + (role,)}
# The built-in teams by their Chinese names (a center's own teams go by their code or the name it gave them).
TEAM_WORDS = {"安防": SECURITY, "秩序维护": SECURITY, "安防部": SECURITY, "工程": ENGINEERING, "工程部": ENGINEERING}
assert set(ROLE_WORDS.values()) == set(ROLES) and set(TEAM_WORDS.values()) == set(BUILT_IN_TEAMS)

YES = {"是", "y", "yes", "true", "1", "√", "✓"}
NO = {"否", "n", "no", "false", "0", "×"}
LINE, LONG_TEXT = 255, 4000
_BUILDING = re.compile(r"^(\d{1,3})\s*(?:号楼|号|栋|幢|#)?$")
_FLOOR = re.compile(r"^-?\d{1,3}$")
_AREA = re.compile(r"^(\d{1,6})(?:\.(\d*?)0*)?$")


def header_map(kind, header):
    """{field: column index} of a sheet's title row; refuses a sheet missing a required column."""
    accepted = {title.lower(): field for field, titles in COLUMNS[kind].items() for title in titles}
    found = {}
    for index, title in enumerate(header):
        field = accepted.get(_title(title))
        if field and field not in found:
            found[field] = index
    missing = [COLUMNS[kind][field][0] for field in REQUIRED[kind] if field not in found]
    if missing:
        raise Refused(N_("The first row must hold the column titles; %(columns)s is missing."),
                      columns="、".join(missing))
    return found


def _title(value):
    title = re.sub(r"\s+", " ", cell_text(value).replace("*", "")).strip().lower()
    return re.sub(r"\s*[(（][^()（）]*[)）]$", "", title)  # "建筑面积(m²)"


def cell_text(value):
    """A cell as the text a person reads in it (1503.0 -> '1503')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.10g}"
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value).strip()


def check_sheet(kind, rows, teams):
    """(records, refusals) of a sheet's rows [(row number, cells)], the first being its titles. `teams` maps
    the estate's team codes and names (lower case) to codes."""
    if not rows:
        return [], []
    columns = header_map(kind, rows[0][1])
    records, refusals = [], []
    for number, cells in rows[1:]:
        texts = {field: cell_text(cells[index]) if index < len(cells) else "" for field, index in columns.items()}
        try:
            records.append({"row": number, **CHECKS[kind](texts, teams)})
        except Refused as refused:
            refusals.append(refusal(kind, number, refused))
    return records, refusals


def refusal(kind, row, refused):
    """A refused row as the preview lists it."""
    return {"sheet": kind, "row": row, "message": refused.message, "params": refused.params}


def _building(cells, teams):
    return {"number": building_number(cells["number"]), "name": _text(cells["name"], required=True),
            "area": _text(cells.get("area", ""))}


def _unit(cells, teams):
    building = building_number(cells["building"])
    number = unit_of(building, cells["unit"])
    owners = []
    for name, phone in (("owner_name", "owner_phone"), ("owner2_name", "owner2_phone")):
        owner = {"name": _text(cells.get(name, "")), "phone": _phone(cells.get(phone, ""))}
        if owner["phone"] and not owner["name"]:
            raise Refused(N_("A phone number without the owner's name: give the name too."))
        if owner["name"]:
            owners.append(owner)
    notes = _text(cells.get("notes", ""), LONG_TEXT)
    if notes and not owners:
        raise Refused(N_("Notes are kept with the owner: give the owner's name too."))
    if notes:
        owners[0]["notes"] = notes
    return {"number": number, "building": building, "floor": _floor(cells.get("floor", ""), number),
            "floor_area": floor_area(cells.get("floor_area", "")), "important": yes_no(cells.get("important", "")),
            "vacant": yes_no(cells.get("vacant", "")), "owners": owners}


def _staff(cells, teams):
    username = _text(cells["username"], required=True)
    check_username(username)  # the rule of the staff screens
    role = ROLE_WORDS.get(cells["role"].lower())
    if role is None:
        raise Refused(N_("Unknown role %(role)s: use 客服前台, 区域客户主任, 客服主管, 物业服务中心主任, 安防, 工程 "
                         "or 一线员工."), role=cells["role"])
    if role == ADMIN:
        raise Refused(N_("Administrators are not imported: add them on the staff page."))
    return {"username": username, "name": _text(cells["name"], required=True),
            "mobile": _phone(cells.get("mobile", "")) or None, "role": role,
            "team": _team(cells.get("team", ""), role, teams)}


CHECKS = {BUILDINGS: _building, UNITS: _unit, STAFF: _staff}


def _team(text, role, teams):
    if not text:
        if role == FIELD:
            raise Refused(N_("Field staff need a team: give it in the 班组 column."))
        return team_of(role)
    team = teams.get(text.lower()) or (TEAM_WORDS.get(text) if TEAM_WORDS.get(text) in teams.values() else None)
    if team is None:
        raise Refused(N_("There is no team %(team)s in this estate."), team=text)
    if role not in TEAM_ROLES:
        raise Refused(N_("Only security, engineering and field staff work in a team: leave 班组 empty."))
    return team


def building_number(text):
    """A building's number as written in a sheet: '2', '2号楼', '2栋', '2#' -> 2."""
    match = _BUILDING.match(text)
    if not match or int(match.group(1)) == 0:
        raise Refused(N_("%(value)s is not a building number like 2."), value=text or "—")
    return int(match.group(1))


def unit_of(building, text):
    """The unit number of a room of a building: its full number ('2-1503', '2栋1503') or just the room (1503)."""
    full = normalise_unit(f"{building}-{text}" if re.fullmatch(r"\d{3,4}", text) else text)
    if full.split("-")[0] != str(building):
        raise Refused(N_("Unit %(unit)s is not in building %(building)s."), unit=full, building=building)
    return full


def floor_of(number):
    """The floor a unit number says: room 1503 is on floor 15."""
    return int(number.split("-")[1]) // 100


def _floor(text, number):
    if not text:
        return None
    if not _FLOOR.match(text):
        raise Refused(N_("The floor must be a whole number, e.g. 15."))
    return int(text)


def floor_area(text):
    """A floor area in m² as text with two decimals ('89.5' -> '89.50'), None when not given."""
    if not text:
        return None
    match = _AREA.match(text)
    if not match or len(match.group(2) or "") > 2:
        raise Refused(N_("The floor area must be a number of square metres with at most 2 decimals, e.g. 89.50."))
    return f"{int(match.group(1))}.{(match.group(2) or '').ljust(2, '0')}"


def yes_no(text):
    """是/否 (yes/no…) as True/False, None when not given."""
    if not text:
        return None
    if text.lower() in YES:
        return True
    if text.lower() in NO:
        return False
    raise Refused(N_("Write 是 or 否 (yes or no)."))


def _phone(text):
    if text and not looks_like_phone(text):
        raise Refused(N_("%(phone)s does not look like a phone number."), phone=text)
    return _text(text, 32)


def _text(text, limit=LINE, required=False):
    if required and not text:
        raise Refused(N_("A required cell is empty."))
    if len(text) > limit:
        raise Refused(N_("A cell holds more than %(limit)s characters."), limit=limit)
    if "\x00" in text:
        raise Refused(N_("A cell holds a character that cannot be stored."))
    return text
