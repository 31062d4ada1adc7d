"""Plain functions that make the records tests need."""
from functools import lru_cache

from werkzeug.security import generate_password_hash

from webapp import clock
from webapp.domain.hours import local_time
from webapp.domain.numbering import unit_number
from webapp.domain.vocabulary import team_of
from webapp.models import Area, Building, Duty, Membership, Owner, Staff, Unit
from webapp.models.estate import new_estate
from webapp.models.handling import take_request

PASSWORD = "secret-pass-1"

ROLES = {"desk": "front_desk", "desk2": "front_desk", "area1": "area_manager", "area2": "area_manager",
         "cshead": "cs_head", "head": "center_head", "guard": "security", "guard2": "security",
         "eng": "engineering", "eng2": "engineering", "admin": "admin"}


def estate(code="HX", name="和谐家园", floors=3, doors=2, **settings):
    made = new_estate(code, name, **settings)
    for number in (1, 2):
        area = Area.create(estate=made, name=f"{number}区")
        building = Building.create(estate=made, number=number, name=f"{number}号楼", area=area)
        for floor in range(1, floors + 1):
            for door in range(1, doors + 1):
                unit = Unit.create(estate=made, building=building, floor=floor,
                                   number=unit_number(number, floor, door))
                Owner.create(unit=unit, name=f"业主{number}{floor}{door}", phone=f"1390000{number}{floor}{door:02d}")
    return made


def person(username, role, *estates, name=None, mobile=None, team=None):
    member = Staff.create(username=username, role=role, name=name or username, mobile=mobile, team=team or team_of(role),
                          password_hash=password_hash())
    for one in estates:
        Membership.create(staff=member, estate=one)
    return member


@lru_cache(maxsize=1)
def password_hash():
    # Hashing is deliberately slow; hash the shared test password once per run.
    return generate_password_hash(PASSWORD)


def staff_of_every_role(estate):
    """Staff of every role in the estate; area1/area2 manage buildings 1/2; guard and eng lead today."""
    members = {u: person(u, role, *([] if role == "admin" else [estate]), mobile=f"1380000{i:04d}")
               for i, (u, role) in enumerate(ROLES.items())}
    for area, manager in zip(estate.areas.order_by(Area.id), ("area1", "area2")):
        area.manager = members[manager]
        area.save()
    on_duty(estate, members["guard"], "security")
    on_duty(estate, members["eng"], "engineering")
    return members


def on_duty(estate, member, team, lead=True):
    today = local_time(clock.utcnow(), estate.timezone).date()
    return Duty.create(estate=estate, day=today, team=team, staff=member, lead=lead)


def ticket(estate, taker, kind="repair", unit="1-101", **fields):
    fields.setdefault("channel", "phone")
    fields.setdefault("description", "厨房水管漏水")
    fields.setdefault("contact_name", "王先生")
    fields.setdefault("contact_phone", "13912345678")
    return take_request(estate, taker, kind=kind, unit=Unit.find(estate, unit) if unit else None, **fields)


def route(estate, checkpoints=3, name="夜间巡逻", walk=2, sequence="free"):
    """A patrol route past `checkpoints` new checkpoint places, `walk` minutes apart."""
    from webapp.models.patrol import Route, RouteStop
    from webapp.models.place import create_place
    made = Route.create(estate=estate, name=name, sequence=sequence)
    for position in range(checkpoints):
        spot = create_place(estate, name=f"{name}{position + 1}号点", kind="checkpoint")
        RouteStop.create(route=made, place=spot, position=position, walk_minutes=walk if position else 0)
    return made


def patrol_plan(estate, route, first="20:00", last="06:00", every=120, team="security", **fields):
    """A plan for the security team to walk `route` (every two hours overnight unless told)."""
    from webapp.models.patrol import save_plan
    return save_plan(estate, route, team, first, last, every, **fields)


def round_today(estate, checkpoints=3, first="10:00"):
    """Today's one round of a new route walked by security at `first`, and the route's checkpoint places."""
    from webapp.models.patrol import Round, make_rounds
    made = route(estate, checkpoints)
    patrol_plan(estate, made, first=first, last=None, every=None)
    make_rounds(estate)
    return Round.get(Round.route == made), [s.place for s in made.ordered_stops()]
