"""Forms of the duty roster: shifts, rotations, a day's override, swaps, the team lead and the calendar."""
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..domain import Refused
from ..domain.hours import parse_hhmm
from ..models.calendar import HOLIDAY, WORKDAY
from ..web.parsing import Form, WholeNumberField


class DayField(StringField):
    """A calendar day typed as 2026-11-23 (None when left empty)."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.raw_data, self.data = [text], None
        if text:
            try:
                self.data = date.fromisoformat(text)
            except ValueError:
                raise ValueError(_l("Give a date, e.g. 2026-11-23.")) from None
            if not 1971 <= self.data.year <= 2998:
                self.data = None
                raise ValueError(_l("Give a date, e.g. 2026-11-23."))

    def process_data(self, value):
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                value = None
        self.data = value if isinstance(value, date) and 1971 <= value.year <= 2998 else None

    def _value(self):
        return self.data.isoformat() if isinstance(self.data, date) else (self.raw_data or [""])[0]


def _check_time(_form, field):
    try:
        parse_hhmm(field.data or "")
    except Refused as refused:
        raise ValidationError(_l(refused.message)) from None


class ShiftForm(Form):
    name = StringField(_l("Shift name"), validators=[InputRequired(_l("Give the shift a name.")), Length(max=40)])
    starts = StringField(_l("Starts"), validators=[Length(max=5), _check_time])
    ends = StringField(_l("Ends"), validators=[Length(max=5), _check_time])
    lead = BooleanField(_l("Whoever works it receives the team's dispatched orders"), default=True)

    def fields(self):
        return {"name": self.name.data.strip(), "starts": parse_hhmm(self.starts.data).strftime("%H:%M"),
                "ends": parse_hhmm(self.ends.data).strftime("%H:%M"), "lead": self.lead.data}


class RotationForm(Form):
    anchor = DayField(_l("Counted from"), validators=[InputRequired(_l("Give a date, e.g. 2026-11-23."))])
    # One select per place in the turn: the order they are sent in is the order of the rotation.
    people = SelectMultipleField(_l("People in turn"), choices=[])
    days_each = WholeNumberField(_l("Days each"), default=1, validators=[
        InputRequired(_l("Give each person from 1 to 31 days in a row.")),
        NumberRange(1, 31, _l("Give each person from 1 to 31 days in a row."))])

    def people_ids(self):
        return [int(p) for p in self.people.data or [] if p]


class OverrideForm(Form):
    day = DayField(_l("Day"), validators=[InputRequired(_l("Give a date, e.g. 2026-11-23."))])
    staff = SelectField(_l("On duty"), choices=[], default="")


class SwapForm(Form):
    shift = SelectField(_l("Shift"), choices=[])
    day = DayField(_l("Day"), validators=[InputRequired(_l("Give a date, e.g. 2026-11-23."))])
    partner = SelectField(_l("Colleague"), choices=[], default="")
    their_shift = SelectField(_l("Their shift you take instead (optional)"), choices=[], default="")
    their_day = DayField(_l("On"), validators=[Optional()])


class LeadForm(Form):
    lead = SelectField(_l("Team lead"), choices=[], default="")


class CalendarDayForm(Form):
    day = DayField(_l("Day"), validators=[InputRequired(_l("Give a date, e.g. 2026-11-23."))])
    kind = SelectField(_l("Kind"), choices=[(HOLIDAY, _l("Holiday (休)")), (WORKDAY, _l("Make-up working day (班)"))])
    name = StringField(_l("Name"), validators=[Length(max=40)])
