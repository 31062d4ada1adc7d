"""Incidents: opening one at the desk, the one-tap escalation, the incident record, the typical-case mark."""
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from .. import clock
from ..domain import N_, Refused
from ..domain.hours import local_moment_utc, local_time
from ..domain.incidents import CLASSES
from ..web.parsing import Form, WholeNumberField
from .checks import strip, text, unit_in


class IncidentForm(Form):
    """Class, when, where, who (a name only if given), what happened; the time proposed is now."""
    incident_class = RadioField(_l("Class"), choices=[(c, c) for c in CLASSES],
                                validators=[InputRequired(_l("Choose the class of the incident: A, B or C."))])
    happened_at = StringField(_l("When"), validators=[InputRequired(_l("Give the date and time it happened."))])
    place = StringField(_l("Where"), filters=[strip], validators=[
        InputRequired(_l("Say where it happens.")), Length(max=100)])
    who = StringField(_l("Who (name if given, how many, which group)"), filters=[strip],
                      validators=[Length(max=100)])
    unit = StringField(_l("Owner's unit (class A)"), filters=[strip], validators=[Optional(), Length(max=20)])
    what = TextAreaField(_l("What happened"), filters=[strip], validators=[
        InputRequired(_l("Say what happened.")), Length(max=2000)])

    def __init__(self, estate, labels):
        super().__init__()
        self.estate, self.unit_record = estate, None
        self.incident_class.choices = [(c, labels[c]) for c in CLASSES]
        if not self.happened_at.data:
            self.happened_at.data = local_time(clock.utcnow(), estate.timezone).strftime("%Y-%m-%dT%H:%M")

    def validate_unit(self, field):
        if field.data:
            self.unit_record = unit_in(self.estate, field)

    def incident_fields(self):
        """The entries as arguments of open_incident; raises Refused with what is wrong."""
        if not self.validate():
            raise Refused(self.refusal())
        happened = local_moment_utc(self.happened_at.data, self.estate.timezone)
        if happened is None:
            raise Refused(N_("Give the date and time it happened."))
        return dict(incident_class=self.incident_class.data, happened_at=happened, place=text(self.place),
                    who=text(self.who), what=text(self.what), unit=self.unit_record)


class EscalateForm(Form):
    """The one tap: it carries the level the clerk saw, so two taps move the incident up once."""
    level = WholeNumberField(validators=[InputRequired(_l("Reload the page and try again.")), NumberRange(1, 9)])


class RecordForm(Form):
    """The incident record (突发事件处理记录表)."""
    handling = TextAreaField(_l("How it was handled"), filters=[strip], validators=[
        InputRequired(_l("Write how the incident was handled.")), Length(max=4000)])
    outcome = TextAreaField(_l("Outcome"), filters=[strip], validators=[
        InputRequired(_l("Write how the incident ended.")), Length(max=2000)])
    measures = TextAreaField(_l("Corrective measures"), filters=[strip], validators=[Length(max=2000)])


class TypicalForm(Form):
    """Keep as a typical case ("yes") or take it off the list ("no")."""
    typical = HiddenField(validators=[InputRequired(), Length(max=3)])


class VoidForm(Form):
    """Void an incident opened by mistake: why."""
    reason = StringField(_l("Why void it"), filters=[strip], validators=[
        InputRequired(_l("Say why the incident is voided.")), Length(max=200)])
