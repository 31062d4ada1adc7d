"""What a resident sends from a sticker, without an account: a report, a verdict, a self-service loan."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from ..domain.loans import SELF_SERVICE_MOST
from ..web.parsing import Form, SentOnce, number_or_none
from .checks import check_phone, unit_in


class ResidentReportForm(SentOnce):
    """What a resident sends from a sticker: three choices, a text, optional photo and contact."""
    choice = RadioField(_l("What do you need?"), choices=[
        ("repair", _l("Something is broken")), ("help", _l("I need help")),
        ("complaint", _l("Complaint: I am not satisfied")), ("suggestion", _l("Suggestion: an idea for you"))],
        validators=[InputRequired(_l("Choose what you need."))])
    description = TextAreaField(_l("What happened?"), validators=[
        InputRequired(_l("Tell us in a few words.")), Length(max=500, message=_l("At most 500 characters."))])
    photos = MultipleFileField(_l("Photo (optional)"))
    contact_name = StringField(_l("Your name (optional)"), validators=[Length(max=30)])
    contact_phone = StringField(_l("Your phone (optional)"), validators=[Length(max=20)])
    urgent = BooleanField(_l("Urgent: someone is trapped, hurt or in danger"))
    website = StringField()  # a honeypot: people never see it, naive bots fill it in
    phone_required = False     # set when the sticker is past its limit: a flood must not silence it

    def validate_contact_phone(self, field):
        if self.phone_required and not (field.data or "").strip():
            raise ValidationError(_l("Many reports came from this sticker just now. Leave your phone number so "
                                     "the service center can call you back."))
        check_phone(field)

    def is_bot(self):
        return bool(self.website.data)

class DeskMessageForm(ResidentReportForm):
    """From a retired or replaced sticker: a message to the desk, no choice of kind."""
    choice = None
    urgent = None

class VerdictForm(Form):
    fixed = RadioField(choices=[("yes", _l("Fixed")), ("no", _l("Not fixed"))],
                       validators=[InputRequired(_l("Say whether it is fixed."))])
    rating = RadioField(_l("Your rating"), choices=[(n, str(n)) for n in range(5, 0, -1)],
                        coerce=number_or_none, validate_choice=False)
    comment = TextAreaField(_l("Comment"), validators=[Length(max=500)])

class BorrowForm(SentOnce):
    """A resident borrowing from the lending cabinet on their own phone: unit, phone, how many, for how long."""
    unit = StringField(_l("Your unit"), validators=[InputRequired(_l("Give your unit, e.g. 2-1503.")),
                                                    Length(max=20)])
    phone = StringField(_l("Your phone"), validators=[
        InputRequired(_l("Leave a phone number so the service center can reach you.")), Length(max=20)])
    name = StringField(_l("Your name (optional)"), validators=[Length(max=30)])
    quantity = RadioField(_l("How many"), choices=[(str(n), str(n)) for n in range(1, SELF_SERVICE_MOST + 1)],
                          default="1", validators=[InputRequired(_l("Say how many."))])
    hours = RadioField(_l("Back within"), choices=[
        ("2", _l("2 hours")), ("4", _l("4 hours")), ("24", _l("a day")), ("72", _l("3 days"))], default="4",
        validators=[InputRequired(_l("Say when you will bring it back."))])
    website = StringField()  # honeypot

    def __init__(self, estate, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.estate = estate
        self.unit_record = None

    def validate_unit(self, field):
        self.unit_record = unit_in(self.estate, field)

    def validate_phone(self, field):
        check_phone(field)

    def is_bot(self):
        return bool(self.website.data)
