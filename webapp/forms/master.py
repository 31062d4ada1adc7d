"""Master data forms: an estate, an area, a building, a unit, an owner of a unit."""
import re
from zoneinfo import available_timezones

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..domain import Refused
from ..domain.hours import parse_hhmm
from ..domain.numbering import normalise_unit
from ..domain.vocabulary import AREA_MANAGER
from ..web.parsing import AmountField, Form, WholeNumberField
from .checks import check_phone, strip

CODE = re.compile(r"^[A-Za-z0-9_-]{1,20}$")


class MasterForm(Form):
    """A form whose entries become one row; a value another row holds is refused at its field."""
    FIELDS = ()

    def saved_by(self, operation, *args):
        """The operation's result, or None with its refusal (a value another row holds) shown at its field."""
        from ..models.master import Clash
        try:
            return operation(*args)
        except Clash as clash:
            self[clash.field].errors = list(self[clash.field].errors) + [_(clash.message, **clash.params)]
            return None

    def entries(self):
        """The validated entries as the row's fields."""
        return {name: getattr(self, name).data for name in self.FIELDS}


class EstateForm(MasterForm):
    FIELDS = ("code", "name", "timezone", "public_phone", "desk_opens", "desk_closes")
    code = StringField(_l("Code"), filters=[strip], validators=[
        InputRequired(_l("Give the estate a short code.")), Length(max=20)])
    name = StringField(_l("Name"), filters=[strip], validators=[InputRequired(_l("Give the estate's name.")),
                                                                Length(max=100)])
    timezone = StringField(_l("Time zone"), filters=[strip], default="Asia/Shanghai",
                           validators=[InputRequired(_l("Give a time zone like Asia/Shanghai.")), Length(max=60)])
    public_phone = StringField(_l("Public phone"), filters=[strip], validators=[Length(max=30)])
    desk_opens = StringField(_l("Desk opens"), filters=[strip], default="08:00",
                             validators=[InputRequired(_l("Use the form HH:MM, e.g. 08:00.")), Length(max=5)])
    desk_closes = StringField(_l("Desk closes"), filters=[strip], default="17:30",
                              validators=[InputRequired(_l("Use the form HH:MM, e.g. 08:00.")), Length(max=5)])

    def validate_code(self, field):
        if not CODE.match(field.data or ""):
            raise ValidationError(_("A code has up to 20 letters, digits, - or _."))

    def validate_timezone(self, field):
        if field.data not in available_timezones():
            raise ValidationError(_("Unknown time zone %(zone)s: use a name like Asia/Shanghai.", zone=field.data))

    def validate_public_phone(self, field):
        check_phone(field)

    def validate_desk_opens(self, field):
        _check_time(field)

    def validate_desk_closes(self, field):
        _check_time(field)
        if not self.desk_opens.errors and field.data == self.desk_opens.data:
            raise ValidationError(_("The desk cannot open and close at the same time."))


def _check_time(field):
    try:
        field.data = parse_hhmm(field.data).strftime("%H:%M")  # 8:0 is kept as 08:00
    except Refused as refused:
        raise ValidationError(_(refused.message)) from None


class AreaForm(MasterForm):
    FIELDS = ("name", "manager")
    name = StringField(_l("Name"), filters=[strip], validators=[InputRequired(_l("Give the area a name.")),
                                                                Length(max=60)])
    manager = SelectField(_l("Customer manager"), default="", validate_choice=False)

    def __init__(self, estate, area=None, **kwargs):
        from ..models.estate import colleagues
        if area is not None:
            kwargs.update(obj=area, manager=str(area.manager_id or ""))
        super().__init__(**kwargs)
        self.managers = {str(s.id): s for s in colleagues(estate, [AREA_MANAGER])}
        self.manager.choices = [("", _l("Nobody yet"))] + [(key, s.name) for key, s in self.managers.items()]

    def validate_manager(self, field):
        if field.data and field.data not in self.managers:
            raise ValidationError(_("Choose an area customer manager of this estate."))

    def entries(self):
        return {"name": self.name.data, "manager": self.managers.get(self.manager.data)}


class BuildingForm(MasterForm):
    FIELDS = ("number", "name", "area")
    number = WholeNumberField(_l("Number"), validators=[
        InputRequired(_l("Give the building's number.")), NumberRange(1, 999, _l("Give a number from 1 to 999."))])
    name = StringField(_l("Name"), filters=[strip], validators=[InputRequired(_l("Give the building a name.")),
                                                                Length(max=60)])
    area = SelectField(_l("Area"), default="", validate_choice=False)

    def __init__(self, estate, building=None, **kwargs):
        from ..models import Area
        if building is not None:
            kwargs.update(obj=building, area=str(building.area_id or ""))
        super().__init__(**kwargs)
        self.areas = {str(a.id): a for a in estate.areas.order_by(Area.name)}
        self.area.choices = [("", _l("No area"))] + [(key, a.name) for key, a in self.areas.items()]

    def validate_area(self, field):
        if field.data and field.data not in self.areas:
            raise ValidationError(_("Choose an area of this estate."))

    def entries(self):
        return {"number": self.number.data, "name": self.name.data, "area": self.areas.get(self.area.data)}


class FloorAreaField(AmountField):
    """Square metres to the hundredth, like a sum of money to the cent."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Give the floor area in square metres, e.g. 89.5.")) from None


class UnitForm(MasterForm):
    FIELDS = ("building", "number", "floor", "floor_area", "important", "vacant")
    building = SelectField(_l("Building"), default="", validate_choice=False)
    number = StringField(_l("Unit number"), filters=[strip], validators=[
        InputRequired(_l("Type the unit as building-room, e.g. 2-1503.")), Length(max=20)])
    floor = WholeNumberField(_l("Floor"), validators=[
        Optional(), NumberRange(-5, 150, _l("Give a floor from -5 to 150, or leave it empty."))])
    floor_area = FloorAreaField(_l("Floor area (m²)"), places=2, validators=[
        Optional(), NumberRange(1, 99999, _l("Give the floor area in square metres, e.g. 89.5."))])
    important = BooleanField(_l("Important owner"))
    vacant = BooleanField(_l("Vacant"))

    def __init__(self, estate, **kwargs):
        from ..models import Building
        super().__init__(**kwargs)
        self.buildings = {str(b.id): b for b in estate.buildings.order_by(Building.number)}
        self.building.choices = [("", _l("Choose…"))] + [(key, b.name) for key, b in self.buildings.items()]

    def validate_building(self, field):
        if field.data not in self.buildings:
            raise ValidationError(_("Choose a building of this estate."))

    def validate_number(self, field):
        try:
            field.data = normalise_unit(field.data)
        except Refused as refused:
            raise ValidationError(_(refused.message)) from None
        building = self.buildings.get(self.building.data)
        if building and field.data.split("-")[0] != str(building.number):
            raise ValidationError(_("A unit of building %(number)s is numbered %(number)s-room, e.g. %(number)s-1503.",
                                    number=building.number))

    def entries(self):
        values = super().entries()
        values["building"] = self.buildings[self.building.data]
        if values["floor"] is None:
            values["floor"] = int(values["number"].split("-")[1]) // 100  # 2-1503 is on the 15th floor
        values["important"], values["vacant"] = bool(values["important"]), bool(values["vacant"])
        return values


class OwnerForm(MasterForm):
    FIELDS = ("name", "phone", "notes")
    name = StringField(_l("Name"), filters=[strip], validators=[InputRequired(_l("Give the owner's name.")),
                                                                Length(max=60)])
    phone = StringField(_l("Phone"), filters=[strip], validators=[Length(max=30)])
    notes = TextAreaField(_l("Notes"), filters=[strip], validators=[Length(max=1000)])

    def validate_phone(self, field):
        check_phone(field)

    def entries(self):
        return {name: getattr(self, name).data or "" for name in self.FIELDS}


class OwnerRemovalForm(Form):
    reason = StringField(_l("Why (sold, moved out…)"), filters=[strip], validators=[Length(max=200)])
