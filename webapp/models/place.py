"""Places with a QR sticker (meeting rooms, lift lobbies, cabinets, checkpoints, the front desk…) and their opening
and closing checks."""
import json

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from .. import clock
from ..db import BaseModel, db
from ..domain.places import checklist, failed_item_ticket, failed_items, new_token
from .estate import Building, Estate
from .people import Staff


class Place(BaseModel):
    estate = ForeignKeyField(Estate, backref="places")
    name = CharField()
    kind = CharField()
    building = ForeignKeyField(Building, null=True, backref="places")
    floor = IntegerField(null=True)
    team = CharField(null=True)      # where a report here goes by default
    token = CharField(unique=True)   # printed on the sticker; survives renames and moves
    retired = BooleanField(default=False)
    created_at = DateTimeField(default=clock.utcnow)

    @property
    def where(self):
        parts = [self.building.name if self.building else "", f"{self.floor}F" if self.floor else "", self.name]
        return " ".join(p for p in parts if p)


class ReplacedSticker(BaseModel):
    """A sticker whose token was replaced on purpose (a vandalised sticker): scanning it says so."""
    token = CharField(unique=True)
    place = ForeignKeyField(Place, backref="replaced_stickers", on_delete="CASCADE")
    retired_at = DateTimeField(default=clock.utcnow)

    class Meta:
        table_name = "retired_token"  # its name before the rename; the table is the same


class RoomCheck(BaseModel):
    """A place's opening or closing check (开档 / 收尾: a meeting room, the front desk): who, when, which items
    of its checklist passed."""
    place = ForeignKeyField(Place, backref="checks", on_delete="CASCADE")
    stage = CharField()
    results = TextField()  # JSON {item: passed}
    passed = BooleanField()
    by = ForeignKeyField(Staff, backref="+")
    at = DateTimeField(default=clock.utcnow)
    ticket_id = IntegerField(null=True)  # the first ticket raised from a failed item

    @property
    def items(self):
        return json.loads(self.results)

    @property
    def failed(self):
        results = self.items
        return failed_items(results, checklist(self.place.kind, self.stage) or tuple(results))

    def raised_key(self, item):
        """The intake key of the ticket raised for a failed item: one ticket per item per check."""
        return f"check-{self.id}-{item}"


def scanned(token):
    """(place, state) for a scanned token: state is 'active', 'retired' (place retired), 'rotated' or None."""
    place = Place.get_or_none(Place.token == token)
    if place is not None:
        return place, "retired" if place.retired else "active"
    old = ReplacedSticker.get_or_none(ReplacedSticker.token == token)
    return (old.place, "rotated") if old else (None, None)


def create_place(estate, **fields):
    return Place.create(estate=estate, token=new_token(), **fields)


def update_place(place, **fields):
    """Rename or move a place; its sticker token stays, so printed stickers keep working."""
    Place.update(**fields).where(Place.id == place.id).execute()


def retire_place(place):
    """Take a place out of service; its sticker then shows a polite page that still reaches the desk."""
    Place.update(retired=True).where(Place.id == place.id).execute()


def rotate_token(place):
    """Give the place a new sticker token; the old one now says it was replaced."""
    with db.atomic():
        ReplacedSticker.create(token=place.token, place=place)
        place.token = new_token()
        place.save()
    return place


def record_check(place, stage, results, by):
    """Record an opening or closing check of a place."""
    items = checklist(place.kind, stage) or tuple(results)
    return RoomCheck.create(place=place, stage=stage, results=json.dumps(results, sort_keys=True),
                            passed=not failed_items(results, items), by=by)


def raise_ticket(check, item, by, description):
    """A ticket for a failed item, to the team its checklist names (engineering when the estate lacks it); the
    same item of the same check raises it once, whoever taps and however often."""
    from .estate import team_codes
    from .handling import sent_before, take_request
    place, key = check.place, check.raised_key(item)
    kind, team = failed_item_ticket(place.kind, check.stage, item, team_codes(place.estate))
    ticket = sent_before(key) or take_request(place.estate, by, kind=kind, channel="walk_in", place=place,
                                              location=place.where, team=team, intake_key=key,
                                              description=description)
    RoomCheck.update(ticket_id=ticket.id).where((RoomCheck.id == check.id) & RoomCheck.ticket_id.is_null()).execute()
    return ticket


def raised_tickets(checks):
    """{(check id, item): ticket} of the tickets raised from these checks' failed items."""
    from .ticket import Ticket
    keys = {c.raised_key(item): (c.id, item) for c in checks for item in c.failed}
    if not keys:
        return {}
    return {keys[t.intake_key]: t for t in Ticket.select().where(Ticket.intake_key.in_(list(keys)))}


def checks_at(place, start, end):
    """A place's checks between two naive-UTC moments, in order."""
    return (RoomCheck.select(RoomCheck, Place).join(Place)
            .where((RoomCheck.place == place) & RoomCheck.at.between(start, end)).order_by(RoomCheck.at))


def checks_on(estate, start, end):
    """The checks of an estate's places (rooms, the front desk) between two naive-UTC moments, by place then
    time."""
    return (RoomCheck.select(RoomCheck, Place).join(Place)
            .where((Place.estate == estate) & RoomCheck.at.between(start, end))
            .order_by(Place.name, RoomCheck.at))
