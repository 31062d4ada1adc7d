"""Places with a QR sticker (meeting rooms, lift lobbies, cabinets, checkpoints…) and their room checks."""
import json

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from .. import clock
from ..db import BaseModel, db
from ..domain.places import failed_items, new_token
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
    """A meeting room's opening or closing check (开档 / 收尾): who, when, which items passed."""
    place = ForeignKeyField(Place, backref="checks", on_delete="CASCADE")
    stage = CharField()
    results = TextField()  # JSON {item: passed}
    passed = BooleanField()
    by = ForeignKeyField(Staff, backref="+")
    at = DateTimeField(default=clock.utcnow)
    ticket_id = IntegerField(null=True)  # the engineering ticket raised from a failed item

    @property
    def items(self):
        return json.loads(self.results)

    @property
    def failed(self):
        return failed_items(self.items)


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
    """Record an opening or closing check of a room."""
    return RoomCheck.create(place=place, stage=stage, results=json.dumps(results, sort_keys=True),
                            passed=not failed_items(results), by=by)


def checks_on(estate, start, end):
    """The room checks of an estate between two naive-UTC moments, by room then time."""
    return (RoomCheck.select(RoomCheck, Place).join(Place)
            .where((Place.estate == estate) & RoomCheck.at.between(start, end))
            .order_by(Place.name, RoomCheck.at))
