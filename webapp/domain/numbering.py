"""Readable ticket numbers and unit numbers as people type them."""
import re

from . import N_, Refused


def ticket_number(day, seq):
    """The number a clerk reads out over the phone: T20261123-0042."""
    return f"T{day:%Y%m%d}-{seq:04d}"


_UNIT = re.compile(r"^\s*(\d{1,3})\s*(?:[-－—_#/ 栋幢号]|号楼|单元)+\s*(\d{3,4})\s*(?:室|号)?\s*$")


def normalise_unit(text):
    """'2-1503', '2－1503', '2#1503', '2栋1503' -> '2-1503', '1-0502' -> '1-502'; refuses the rest."""
    match = _UNIT.match(text or "")
    if not match:
        raise Refused(N_("Type the unit as building-room, e.g. 2-1503."))
    building, room = match.groups()
    return f"{int(building)}-{int(room)}"


def unit_number(building, floor, door):
    """The unit number of a door on a floor of a building: (2, 15, 3) -> '2-1503'."""
    return f"{building}-{floor}{door:02d}"
