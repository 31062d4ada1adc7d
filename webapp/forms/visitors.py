"""The visitor register's forms: one tap for a visitor waiting, the sign-in (phone first), reasons, the block list."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..domain import Refused
from ..domain.visitors import check_id_number, check_plate, normalised_plate
from ..web.parsing import Form, SentOnce, WholeNumberField
from .checks import check_phone, strip, text, unit_in


class WaitingForm(SentOnce):
    """A visitor reaching a busy counter: a name if given, and what they came for."""
    name = StringField(_l("Name"), filters=[strip], validators=[Length(max=50)])
    purpose = StringField(_l("Reason for visit"), filters=[strip], validators=[Length(max=100)])


class VisitorForm(SentOnce):
    """The register's line, phone first; `confirmed` says the clerk saw the block-list warning and goes on."""
    phone = StringField(_l("Phone"), filters=[strip], validators=[
        DataRequired(_l("Give the visitor's phone number.")), Length(max=20)])
    name = StringField(_l("Name"), filters=[strip], validators=[
        DataRequired(_l("Give the visitor's name.")), Length(max=50)])
    id_number = StringField(_l("ID number (optional)"), filters=[strip], validators=[Length(max=30)])
    unit = StringField(_l("Unit visited"), filters=[strip], validators=[Optional(), Length(max=20)])
    host = StringField(_l("Whom they visit"), filters=[strip], validators=[Length(max=50)])
    purpose = StringField(_l("Reason for visit"), filters=[strip], validators=[
        DataRequired(_l("Say what the visit is for.")), Length(max=100)])
    companions = WholeNumberField(_l("Companions"), default=0, validators=[
        Optional(), NumberRange(0, 99, _l("Give a number from 0 to 99."))])
    plate = StringField(_l("Car plate"), filters=[normalised_plate], validators=[Length(max=12)])
    confirmed = BooleanField(_l("I have seen the warning: sign the visitor in"))

    def __init__(self, estate, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.estate, self.unit_record = estate, None

    def validate_phone(self, field):
        check_phone(field)

    def validate_unit(self, field):
        if field.data:
            self.unit_record = unit_in(self.estate, field)

    def validate_host(self, field):
        if not field.data and not self.unit.data:
            raise ValidationError(_l("Give the unit visited, or whom they visit."))

    def validate_id_number(self, field):
        _refused_as_invalid(check_id_number, field.data)

    def validate_plate(self, field):
        _refused_as_invalid(check_plate, field.data)

    def visitor_fields(self):
        """The validated entries as a visitor's fields."""
        return dict(phone=text(self.phone), name=text(self.name), id_number=text(self.id_number).upper(),
                    unit=self.unit_record, host=text(self.host), purpose=text(self.purpose),
                    companions=self.companions.data or 0, plate=self.plate.data or "")


def _refused_as_invalid(check, value):
    try:
        check(value)
    except Refused as refused:
        raise ValidationError(_l(refused.message)) from None


class ReasonForm(Form):
    """Why an entry is voided, or taken off the block list."""
    reason = StringField(_l("Reason"), filters=[strip], validators=[
        DataRequired(_l("Give a reason.")), Length(max=200)])


class ReviewForm(Form):
    note = StringField(_l("What happened (optional)"), filters=[strip], validators=[Length(max=200)])


class BlockForm(Form):
    name = StringField(_l("Name"), filters=[strip], validators=[Length(max=50)])
    phone = StringField(_l("Phone"), filters=[strip], validators=[Length(max=20)])
    reason = TextAreaField(_l("Why"), filters=[strip], validators=[
        DataRequired(_l("Say why this person is on the block list.")), Length(max=500)])

    def validate_phone(self, field):
        check_phone(field)
        if not field.data and not self.name.data:
            raise ValidationError(_l("Give the name or the phone number of the person to watch for."))
