"""The desk's intake form: any request, by any channel, in one form."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..web import labels
from ..domain.vocabulary import CHALLENGE, CHANNELS, HELP, INQUIRY, KINDS, PHONE, REPAIR, REPAIR_CATEGORIES
from ..web.parsing import SentOnce, WholeNumberField
from .checks import check_phone, text, unit_in


class IntakeForm(SentOnce):
    kind = RadioField(_l("Kind"), choices=[(k, labels.KINDS[k]) for k in KINDS],
                      validators=[InputRequired(_l("Choose the kind of request."))])
    channel = RadioField(_l("Came in by"), choices=[(c, labels.CHANNELS[c]) for c in CHANNELS], default=PHONE,
                         validators=[InputRequired(_l("Choose how the request came in."))])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=20)])
    location = StringField(_l("Place (if not a unit)"), validators=[Length(max=100)])
    contact_name = StringField(_l("Contact name"), validators=[Length(max=50)])
    contact_phone = StringField(_l("Contact phone"), validators=[Length(max=20)])
    description = TextAreaField(_l("What is it about"), validators=[
        InputRequired(_l("Describe the request.")), Length(max=2000)])
    urgent = BooleanField(_l("Urgent"))
    team = RadioField(_l("Help needed from"), validate_choice=False)
    category = RadioField(_l("Repair of"), choices=[(c, labels.CATEGORIES[c]) for c in REPAIR_CATEGORIES],
                          validate_choice=False)
    cosigners = WholeNumberField(_l("Co-signing owners"), default=0,
                             validators=[Optional(), NumberRange(0, 10000, _l("Give a number from 0 up."))])
    sensitive = BooleanField(_l("Sensitive (the CS head approves the reply)"))
    answer = TextAreaField(_l("Answered at the desk"), validators=[Length(max=2000)])
    photos = MultipleFileField(_l("Photos"))
    kept_photos = HiddenField(validators=[Length(max=64)])  # photos kept from a refused try (web/uploads.py)

    def __init__(self, estate, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.estate = estate
        self.unit_record = None
        self.team.choices = labels.team_choices(estate)

    def validate_unit(self, field):
        if field.data:
            self.unit_record = unit_in(self.estate, field)

    def validate_location(self, field):
        if not field.data and not self.unit.data:
            raise ValidationError(_l("Give the unit, or the place if it is not a unit."))

    def validate_contact_phone(self, field):
        check_phone(field)
        if not field.data and not self.contact_name.data:
            raise ValidationError(_l("Give a contact name or phone so the reply can reach them."))

    def validate_team(self, field):
        if self.kind.data == HELP and field.data not in dict(field.choices):
            raise ValidationError(_l("Choose the team whose help is needed."))

    def validate_category(self, field):
        if field.data and field.data not in REPAIR_CATEGORIES:
            raise ValidationError(_l("Choose what the repair is about."))

    def ticket_fields(self):
        """The validated entries as arguments of take_request."""
        return dict(kind=self.kind.data, channel=self.channel.data, unit=self.unit_record,
                    location=text(self.location), contact_name=text(self.contact_name),
                    contact_phone=text(self.contact_phone), description=text(self.description),
                    urgent=self.urgent.data, team=self.team.data if self.kind.data == HELP else None,
                    category=(self.category.data or "") if self.kind.data == REPAIR else "",
                    cosigners=self.cosigners.data or 0, sensitive=self.sensitive.data)

    def settled_answer(self):
        """The answer given on the spot, for the kinds the desk may settle."""
        return text(self.answer) if self.kind.data in (INQUIRY, CHALLENGE) else ""
