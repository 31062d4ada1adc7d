"""Estates (项目), their areas, buildings and units, and who works where."""
from peewee import BooleanField, CharField, DecimalField, ForeignKeyField, IntegerField, TextField, fn

from ..db import BaseModel, db
from ..domain.hours import parse_hhmm
from ..domain.vocabulary import BUILT_IN_TEAMS
from .changes import bump
from .people import Staff


class Estate(BaseModel):
    code = CharField(unique=True)
    name = CharField()
    timezone = CharField(default="Asia/Shanghai")
    desk_opens = CharField(default="08:00")
    desk_closes = CharField(default="17:30")
    max_open_orders = IntegerField(null=True)  # per person; None: no cap
    target_help_minutes = IntegerField(default=5)     # to accept a help request
    target_repair_minutes = IntegerField(default=30)  # to accept a repair
    self_service_lending = BooleanField(default=False)  # residents may borrow from the cabinet on their phone
    storage_days = IntegerField(default=30)  # a deposited item kept longer counts as left over (小件物品寄存)
    public_phone = CharField(default="")  # the center's number residents call
    desk_open_weekends = BooleanField(default=True)  # False: the desk closes on Saturdays and Sundays
    webhook_url = CharField(max_length=500, default="")  # receives every alert as signed JSON (webapp/alerts)
    webhook_secret = CharField(default="")  # signs the webhook's messages; made when the URL is first saved

    @property
    def targets(self):
        return {"help": self.target_help_minutes, "repair": self.target_repair_minutes}

    @property
    def desk_hours(self):
        return parse_hhmm(self.desk_opens), parse_hhmm(self.desk_closes)

    def dispatch_modes(self):
        """The estate's dispatch overrides as {(kind, category): mode}."""
        return {(r.kind, r.category): r.mode for r in self.dispatch_rules if r.mode}

    def dispatch_teams(self):
        """The estate's team overrides as {(kind, category): team code}."""
        return {(r.kind, r.category): r.team for r in self.dispatch_rules if r.team}

    @classmethod
    def visible_to(cls, staff):
        """The estates a member of staff works in (all of them for operator-wide roles), as a list.
        Raw SQL: it runs on every request."""
        if staff.spans_estates:
            return list(cls.raw("SELECT * FROM estate ORDER BY id"))
        return list(cls.raw("SELECT e.* FROM estate e JOIN membership m ON m.estate_id = e.id "
                            f"WHERE m.staff_id = {db.param} ORDER BY e.id", staff.id))


def new_estate(code, name, **fields):
    """An estate with the teams every estate has; call inside a transaction."""
    estate = Estate.create(code=code, name=name, **fields)
    Team.insert_many([dict(estate=estate, code=team) for team in BUILT_IN_TEAMS]).execute()
    return estate


class Team(BaseModel):
    """A team (班组) of an estate with its own queue, shifts and people: security and engineering in every
    estate, plus any the center adds (保洁 cleaning, 绿化 greening…)."""
    estate = ForeignKeyField(Estate, backref="teams", on_delete="CASCADE")
    code = CharField()
    name = CharField(default="")  # "" for a built-in team, whose name is translated
    active = BooleanField(default=True)
    lead = ForeignKeyField(Staff, null=True, backref="teams_led")  # approves swaps; else the center/CS head

    class Meta:
        indexes = ((("estate", "code"), True),)


def teams_of(estate, include_inactive=False):
    """The estate's teams, built-in ones first, as a list."""
    query = Team.select().where(Team.estate == estate)
    if not include_inactive:
        query = query.where(Team.active)
    return sorted(query, key=lambda t: (t.code not in BUILT_IN_TEAMS, t.id))


def team_codes(estate):
    """The codes of the estate's active teams."""
    return [t.code for t in teams_of(estate)]


class Membership(BaseModel):
    staff = ForeignKeyField(Staff, backref="memberships", on_delete="CASCADE")
    estate = ForeignKeyField(Estate, backref="memberships", on_delete="CASCADE")

    class Meta:
        indexes = ((("staff", "estate"), True),)


class Area(BaseModel):
    estate = ForeignKeyField(Estate, backref="areas")
    name = CharField()
    manager = ForeignKeyField(Staff, null=True, backref="areas")


class Building(BaseModel):
    estate = ForeignKeyField(Estate, backref="buildings")
    number = IntegerField()
    name = CharField()
    area = ForeignKeyField(Area, null=True, backref="buildings")

    class Meta:
        indexes = ((("estate", "number"), True),)


class Unit(BaseModel):
    estate = ForeignKeyField(Estate, backref="units")
    building = ForeignKeyField(Building, backref="units")
    number = CharField()  # '2-1503'
    floor = IntegerField()
    floor_area = DecimalField(max_digits=8, decimal_places=2, null=True)  # 建筑面积, m²
    important = BooleanField(default=False)  # 重要业主
    vacant = BooleanField(default=False)     # 空置

    class Meta:
        indexes = ((("estate", "number"), True),)

    @classmethod
    def find(cls, estate, number):
        return cls.get_or_none((cls.estate == estate) & (cls.number == number))

    @classmethod
    def starting_with(cls, estate, prefix, limit=8):
        return (cls.select().where((cls.estate == estate) & cls.number.startswith(prefix))
                .order_by(fn.LENGTH(cls.number), cls.number).limit(limit))

    @property
    def area_manager(self):
        area = self.building.area
        return area.manager if area else None

    @property
    def first_owner(self):
        return next(iter(self.owners.order_by(Owner.id)), None)


class Owner(BaseModel):
    """An owner or resident of a unit (业主/住户); a unit may have several."""
    unit = ForeignKeyField(Unit, backref="owners", on_delete="CASCADE")
    name = CharField()
    phone = CharField(default="")
    notes = TextField(default="")

    class Meta:
        indexes = ((("phone",), False), (("name",), False))


class DispatchRule(BaseModel):
    """An estate's choice of grab (抢单) or assign (派单) for a kind and category."""
    estate = ForeignKeyField(Estate, backref="dispatch_rules")
    kind = CharField()
    category = CharField(default="")
    mode = CharField()
    team = CharField(default="")  # the team whose queue it goes to; "" for the usual one

    class Meta:
        indexes = ((("estate", "kind", "category"), True),)


def post_holder(estate, role):
    """The active member of staff holding a post (CS head, center head…) in an estate, if any."""
    return (Staff.select().join(Membership)
            .where((Membership.estate == estate) & (Staff.role == role) & Staff.active)
            .order_by(Staff.id).first())


def colleagues(estate, roles=None):
    """Active staff working in an estate, optionally of some roles, by name."""
    query = (Staff.select().join(Membership)
             .where((Membership.estate == estate) & Staff.active).order_by(Staff.role, Staff.name))
    return query.where(Staff.role.in_(roles)) if roles else query


def configure(estate, modes, teams=None, actor=None, **settings):
    """Save an estate's settings (desk hours, open-order cap, response targets), dispatch modes
    {(kind, category): mode} and the teams categories go to {(kind, category): team code}."""
    from .audit import record, snapshot  # the audit record refers to estates
    teams = teams or {}
    for hhmm in (settings.get("desk_opens"), settings.get("desk_closes")):
        if hhmm is not None:
            parse_hhmm(hhmm)  # refuses a malformed time
    with db.atomic():
        before = snapshot(estate, settings) | {"dispatch": _rules_text(estate)}
        Estate.update(**settings).where(Estate.id == estate.id).execute()
        bump(estate.id)  # live boards redraw with the new targets
        DispatchRule.delete().where(DispatchRule.estate == estate).execute()
        slots = {slot for slot in set(modes) | set(teams) if modes.get(slot) or teams.get(slot)}
        DispatchRule.insert_many([dict(estate=estate, kind=k, category=c, mode=modes.get((k, c)) or "",
                                       team=teams.get((k, c)) or "") for k, c in slots]).execute()
        after = snapshot(Estate.get_by_id(estate.id), settings) | {"dispatch": _rules_text(estate)}
        record(actor, "estate", estate.id, "update", before, after, estate=estate)


def _rules_text(estate):
    rules = DispatchRule.select().where(DispatchRule.estate == estate).order_by(DispatchRule.kind, DispatchRule.category)
    return "; ".join(f"{r.kind}/{r.category or '*'}: {r.mode or '-'} {r.team}".strip() for r in rules)
