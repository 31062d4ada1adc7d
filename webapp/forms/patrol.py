"""Forms of the patrol setup: a route, one of its checkpoints, and a plan of when a team walks a route."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..domain import Refused
from ..domain.hours import parse_hhmm
from ..domain.patrol import DEFAULT_GRACE, DEFAULT_WINDOW, FREE, STRICT
from ..web.parsing import Form, WholeNumberField
from .checks import strip

WEEKDAYS = [("0", _l("Monday")), ("1", _l("Tuesday")), ("2", _l("Wednesday")), ("3", _l("Thursday")),
            ("4", _l("Friday")), ("5", _l("Saturday")), ("6", _l("Sunday"))]


class RouteForm(Form):
    name = StringField(_l("Route name"), filters=[strip], validators=[
        InputRequired(_l("Give the route a name.")), Length(max=60)])
    sequence = RadioField(_l("Order of the checkpoints"), default=FREE, choices=[
        (FREE, _l("Any order")), (STRICT, _l("In the order listed"))])

    def entries(self):
        return {"name": self.name.data, "sequence": self.sequence.data}


class StopForm(Form):
    place = SelectField(_l("Checkpoint"), choices=[])
    walk_minutes = WholeNumberField(_l("Walk from the checkpoint before (minutes)"), default=2, validators=[
        InputRequired(_l("Give the walk in minutes, from 0 to 180.")),
        NumberRange(0, 180, _l("Give the walk in minutes, from 0 to 180."))])
    not_before = WholeNumberField(_l("Not before (minutes after the round starts, optional)"), validators=[
        Optional(), NumberRange(0, 24 * 60, _l("Give from 0 to 1440 minutes, or leave it empty."))])


def _time(_form, field):
    if field.data:
        try:
            field.data = parse_hhmm(field.data).strftime("%H:%M")  # 8:0 is kept as 08:00
        except Refused as refused:
            raise ValidationError(_(refused.message)) from None


class PlanForm(Form):
    route = SelectField(_l("Route"), choices=[])
    team = SelectField(_l("Team"), choices=[], default="security")
    first = StringField(_l("First round at"), filters=[strip], validators=[
        InputRequired(_l("Use the form HH:MM, e.g. 08:00.")), Length(max=5), _time])
    last = StringField(_l("Last round at (optional)"), filters=[strip], validators=[Length(max=5), _time])
    every = WholeNumberField(_l("Every (minutes, optional)"), validators=[
        Optional(), NumberRange(5, 24 * 60, _l("Give from 5 to 1440 minutes."))])
    weekdays = SelectMultipleField(_l("On these days (none ticked: every day)"), choices=WEEKDAYS,
                                   widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    window = WholeNumberField(_l("Window (minutes)"), default=DEFAULT_WINDOW, validators=[
        InputRequired(_l("Give from 5 to 1440 minutes.")), NumberRange(5, 24 * 60, _l("Give from 5 to 1440 minutes."))])
    grace = WholeNumberField(_l("Grace (minutes)"), default=DEFAULT_GRACE, validators=[
        InputRequired(_l("Give from 0 to 120 minutes.")), NumberRange(0, 120, _l("Give from 0 to 120 minutes."))])

    def validate_last(self, field):
        if (self.every.data is None) != (not field.data):
            raise ValidationError(_("Give both the last round and how often, or neither."))

    def entries(self, routes):
        """The plan's fields for save_plan; `routes` maps a chosen id to its route."""
        days = "".join(sorted(set(self.weekdays.data or [])))
        return dict(route=routes[self.route.data], team=self.team.data, first=self.first.data,
                    last=self.last.data or None, every=self.every.data, weekdays="" if len(days) == 7 else days,
                    window=self.window.data, grace=self.grace.data)
