"""The desk's forms: what a clerk types, checked, with messages in the user's language."""
import re
import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from . import labels
from .domain import N_, Refused
from .domain.loans import SELF_SERVICE_MOST
from .domain.numbering import normalise_unit
from .parsing import AmountField, Form, WholeNumberField, number_or_none
from .domain.vocabulary import CHALLENGE, CHANNELS, HELP, INQUIRY, KINDS, PHONE, REPAIR, REPAIR_CATEGORIES, TEAMS

PHONE_PATTERN = re.compile(r"^\+?[\d\s-]{5,20}$")


class SentOnce(Form):
    """A form that may arrive twice (double tap, a retry on a dropped connection): it carries a key, minted
    here when the form is drawn, with which the second arrival gives what the first made."""
    intake_key = HiddenField(validators=[Length(max=64)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.intake_key.data:
            self.intake_key.data = uuid.uuid4().hex

    def scoped_key(self, scope):
        """The key as stored: only the same sender (`scope`: this sticker, this member of staff) finds it again,
        so a key copied from someone else's form never returns their ticket."""
        return sent_once_key(scope, self.intake_key.data)


def sent_once_key(scope, key):
    """A form's key within its sender's scope (None without a key)."""
    return f"{scope}:{key}" if key else None


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
    team = RadioField(_l("Help needed from"), choices=[(t, labels.TEAMS[t]) for t in TEAMS],
                      validate_choice=False)
    category = RadioField(_l("Repair of"), choices=[(c, labels.CATEGORIES[c]) for c in REPAIR_CATEGORIES],
                          validate_choice=False)
    cosigners = WholeNumberField(_l("Co-signing owners"), default=0,
                             validators=[Optional(), NumberRange(0, 10000, _l("Give a number from 0 up."))])
    sensitive = BooleanField(_l("Sensitive (the CS head approves the reply)"))
    answer = TextAreaField(_l("Answered at the desk"), validators=[Length(max=2000)])
    photos = MultipleFileField(_l("Photos"))

    def __init__(self, estate, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.estate = estate
        self.unit_record = None

    def validate_unit(self, field):
        if field.data:
            self.unit_record = _unit_in(self.estate, field)

    def validate_location(self, field):
        if not field.data and not self.unit.data:
            raise ValidationError(_l("Give the unit, or the place if it is not a unit."))

    def validate_contact_phone(self, field):
        if field.data and not PHONE_PATTERN.match(field.data.strip()):
            raise ValidationError(_l("That does not look like a phone number."))
        if not field.data and not self.contact_name.data:
            raise ValidationError(_l("Give a contact name or phone so the reply can reach them."))

    def validate_team(self, field):
        if self.kind.data == HELP and field.data not in TEAMS:
            raise ValidationError(_l("Say whether security or engineering is needed."))

    def validate_category(self, field):
        if field.data and field.data not in REPAIR_CATEGORIES:
            raise ValidationError(_l("Choose what the repair is about."))

    def ticket_fields(self):
        """The validated entries as arguments of take_request."""
        return dict(kind=self.kind.data, channel=self.channel.data, unit=self.unit_record,
                    location=_text(self.location), contact_name=_text(self.contact_name),
                    contact_phone=_text(self.contact_phone), description=_text(self.description),
                    urgent=self.urgent.data, team=self.team.data if self.kind.data == HELP else None,
                    category=(self.category.data or "") if self.kind.data == REPAIR else "",
                    cosigners=self.cosigners.data or 0, sensitive=self.sensitive.data)

    def settled_answer(self):
        """The answer given on the spot, for the kinds the desk may settle."""
        return _text(self.answer) if self.kind.data in (INQUIRY, CHALLENGE) else ""


def _text(field):
    return (field.data or "").strip()


def _strip(text):
    return text.strip() if text else text


def _unit_in(estate, field):
    """The estate's unit typed in a field (normalised in place), or a ValidationError saying what is wrong."""
    from .models import Unit
    try:
        number = normalise_unit(field.data)
    except Refused as refused:
        raise ValidationError(_l(refused.message)) from None
    unit = Unit.find(estate, number)
    if unit is None:
        raise ValidationError(_l("There is no unit %(number)s in this estate.", number=number))
    field.data = number
    return unit


class StepForm(Form):
    """A step on a ticket's page: an optional note, a colleague or a team's queue."""
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])
    target = WholeNumberField(_l("Person"), validators=[Optional()])
    team = SelectField(_l("Team queue"), choices=[("", "")] + [(t, labels.TEAMS[t]) for t in TEAMS], default="")


class KindForm(Form):
    """The desk files a ticket as another kind."""
    kind = SelectField(_l("File as"), choices=[(k, labels.KINDS[k]) for k in KINDS],
                       validators=[InputRequired(_l("Choose the kind of request."))])
    team = SelectField(_l("Help needed from"), choices=[("", "")] + [(t, labels.TEAMS[t]) for t in TEAMS],
                       default="")


class RevisitForm(Form):
    reached = RadioField(_l("Owner reached"), choices=[("yes", _l("Reached")), ("no", _l("Not reached"))],
                         validators=[InputRequired(_l("Say whether the owner was reached."))])
    satisfaction = RadioField(_l("Satisfaction"), choices=[(n, str(n)) for n in range(5, 0, -1)],
                              coerce=number_or_none, validate_choice=False)
    comment = TextAreaField(_l("Comment"), validators=[Length(max=1000)])


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
    website = StringField()  # a honeypot: people never see it, naive bots fill it in
    phone_required = False     # set when the sticker is past its limit: a flood must not silence it

    def validate_contact_phone(self, field):
        if self.phone_required and not (field.data or "").strip():
            raise ValidationError(_l("Many reports came from this sticker just now. Leave your phone number so "
                                     "the service center can call you back."))
        if field.data and not PHONE_PATTERN.match(field.data.strip()):
            raise ValidationError(_l("That does not look like a phone number."))

    def is_bot(self):
        return bool(self.website.data)


class DeskMessageForm(ResidentReportForm):
    """From a retired or replaced sticker: a message to the desk, no choice of kind."""
    choice = None


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
        self.unit_record = _unit_in(self.estate, field)

    def validate_phone(self, field):
        if not PHONE_PATTERN.match(field.data.strip()):
            raise ValidationError(_l("That does not look like a phone number."))

    def is_bot(self):
        return bool(self.website.data)


class VerdictForm(Form):
    fixed = RadioField(choices=[("yes", _l("Fixed")), ("no", _l("Not fixed"))],
                       validators=[InputRequired(_l("Say whether it is fixed."))])
    rating = RadioField(_l("Your rating"), choices=[(n, str(n)) for n in range(5, 0, -1)],
                        coerce=number_or_none, validate_choice=False)
    comment = TextAreaField(_l("Comment"), validators=[Length(max=500)])


class RaiseTicketForm(SentOnce):
    """One tap on a failed checklist item: which item."""
    item = HiddenField(validators=[InputRequired()])


class FindingForm(SentOnce):
    """A member of staff logging what they found at a place (patrol or walk-in)."""
    kind = RadioField(_l("Kind"), choices=[(k, labels.KINDS[k]) for k in (REPAIR, HELP)], default=REPAIR,
                      validators=[InputRequired(_l("Choose the kind of request."))])
    channel = RadioField(_l("Came in by"), choices=[(c, labels.CHANNELS[c]) for c in ("patrol", "walk_in")],
                         default="patrol", validators=[InputRequired(_l("Choose how the request came in."))])
    description = TextAreaField(_l("What is it about"), validators=[
        InputRequired(_l("Describe the request.")), Length(max=2000)])
    urgent = BooleanField(_l("Urgent"))
    photos = MultipleFileField(_l("Photos"))


class RoomCheckForm(Form):
    stage = RadioField(_l("Check"), choices=list(labels.CHECK_STAGES.items()),
                       validators=[InputRequired(_l("Choose opening or closing."))])
    lights = BooleanField(labels.CHECK_ITEMS["lights"])
    doors = BooleanField(labels.CHECK_ITEMS["doors"])
    cleanliness = BooleanField(labels.CHECK_ITEMS["cleanliness"])
    equipment = BooleanField(labels.CHECK_ITEMS["equipment"])
    furniture = BooleanField(labels.CHECK_ITEMS["furniture"])

    def results(self):
        """{item: passed} for the checklist."""
        from .domain.places import ROOM_CHECK_ITEMS
        return {item: bool(getattr(self, item).data) for item in ROOM_CHECK_ITEMS}


class SettingsForm(Form):
    desk_opens = StringField(_l("Desk opens"), validators=[InputRequired(), Length(max=5)])
    desk_closes = StringField(_l("Desk closes"), validators=[InputRequired(), Length(max=5)])
    max_open_orders = WholeNumberField(_l("Most open orders one person may hold"), validators=[
        Optional(), NumberRange(1, 99, _l("Give a number from 1 to 99, or leave it empty for no limit."))])

    target_help_minutes = WholeNumberField(_l("Minutes to accept a help request"), validators=[
        InputRequired(_l("Give a number of minutes.")), NumberRange(1, 1440, _l("Give a number of minutes."))])
    target_repair_minutes = WholeNumberField(_l("Minutes to accept a repair"), validators=[
        InputRequired(_l("Give a number of minutes.")), NumberRange(1, 1440, _l("Give a number of minutes."))])

    self_service_lending = BooleanField(_l("Residents may borrow from the lending cabinet on their own phone"))

    def settings(self):
        """The validated entries as estate settings."""
        return {name: getattr(self, name).data for name in (
            "desk_opens", "desk_closes", "max_open_orders", "target_help_minutes", "target_repair_minutes",
            "self_service_lending")}

    def validate_desk_opens(self, field):
        _check_time(field)

    def validate_desk_closes(self, field):
        _check_time(field)


def _check_time(field):
    from .domain.hours import parse_hhmm
    try:
        parse_hhmm(field.data)
    except Refused as refused:
        raise ValidationError(_l(refused.message)) from None


class CompletionForm(Form):
    note = TextAreaField(_l("What was done"), validators=[
        InputRequired(_l("Write what was done or the reply given.")), Length(max=2000)])
    paid = RadioField(_l("Charge"), choices=[("free", _l("Free (无偿)")), ("paid", _l("Paid (有偿)"))],
                      validate_choice=False)
    labour_fee = AmountField(_l("Labour (yuan)"), places=2, validators=[
        Optional(), NumberRange(0, 100000, _l("Give an amount in yuan."))])
    materials = StringField(_l("Materials used"), validators=[Length(max=500)])
    materials_fee = AmountField(_l("Materials (yuan)"), places=2, validators=[
        Optional(), NumberRange(0, 100000, _l("Give an amount in yuan."))])
    photos = MultipleFileField(_l("Photos"))

    def __init__(self, ticket, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_repair = ticket.kind == REPAIR

    def validate_paid(self, field):
        if self.is_repair and field.data not in ("free", "paid"):
            raise ValidationError(_l("Say whether the repair is paid or free."))

    def charges(self):
        """Paid or free, labour and materials: recorded for repairs only."""
        if not self.is_repair:
            return {}
        paid = self.paid.data == "paid"
        return dict(paid=paid, labour_fee=self.labour_fee.data if paid else None, materials=_text(self.materials),
                    materials_fee=self.materials_fee.data if paid else None)




class PlaceForm(Form):
    name = StringField(_l("Name on the sticker"), filters=[_strip],
                       validators=[InputRequired(_l("Give the place a name.")),
                                   Length(max=40, message=_l("Keep the name to 40 characters."))])
    kind = SelectField(_l("Kind of place"), validators=[InputRequired(_l("Choose the kind of place."))])
    building = SelectField(_l("Building"), default="")
    floor = WholeNumberField(_l("Floor"), validators=[
        Optional(), NumberRange(-5, 150, _l("Give a floor from -5 to 150, or leave it empty."))])
    team = SelectField(_l("Reports from here go to"), default="", choices=[
        ("", _l("The usual team: repairs to engineering, help to security"))] + [(t, labels.TEAMS[t]) for t in TEAMS])

    def __init__(self, estate, kind_labels, place=None, **kwargs):
        from .models import Building
        if place is not None:
            kwargs.update(name=place.name, kind=place.kind, building=str(place.building_id or ""),
                          floor=place.floor, team=place.team or "")
        super().__init__(**kwargs)
        self.kind.choices = [("", _l("Choose…"))] + list(kind_labels.items())
        self.buildings = {str(b.id): b for b in estate.buildings.order_by(Building.number)}
        self.building.choices = [("", _l("Not in a building"))] + [(key, b.name) for key, b in self.buildings.items()]

    def validate_name(self, field):
        if not field.data:
            raise ValidationError(_l("Give the place a name."))

    def place_fields(self):
        """The validated entries as the fields of a place."""
        return dict(name=self.name.data, kind=self.kind.data, building=self.buildings.get(self.building.data),
                    floor=self.floor.data, team=self.team.data or None)


class _CabinetForm(Form):
    """A register entry kept in one of the estate's cabinets (places of one kind)."""
    cabinet = SelectField(_l("Cabinet"), default="")

    def __init__(self, estate, cabinet_kind, entry=None, **kwargs):
        from .models import Place
        super().__init__(obj=entry, **kwargs)
        if entry is not None and not self.is_submitted():
            self.cabinet.data = str(entry.cabinet_id or "")
        self.cabinets = {str(p.id): p for p in Place.select().where(
            (Place.estate == estate) & (Place.kind == cabinet_kind) & ~Place.retired).order_by(Place.name)}
        self.cabinet.choices = [("", _l("No cabinet"))] + [(key, p.name) for key, p in self.cabinets.items()]


class KeyForm(_CabinetForm):
    label = StringField(_l("Label on the key"), filters=[_strip], validators=[
        DataRequired(_l("Give the key a label.")), Length(max=40, message=_l("Keep the label to 40 characters."))])
    opens = StringField(_l("Opens"), filters=[_strip], validators=[Length(max=100)])
    hook = StringField(_l("Hook"), filters=[_strip], validators=[Length(max=10)])
    copies = WholeNumberField(_l("Copies"), default=1, validators=[
        InputRequired(_l("Give the number of copies.")), NumberRange(1, 99, _l("Give a number from 1 to 99."))])
    contractors_allowed = BooleanField(_l("May leave with contractors"), default=True)

    def key_fields(self):
        return dict(label=self.label.data, opens=self.opens.data or "", cabinet=self.cabinets.get(self.cabinet.data),
                    hook=self.hook.data or "", copies=self.copies.data,
                    contractors_allowed=self.contractors_allowed.data)


class ItemTypeForm(_CabinetForm):
    name = StringField(_l("Item"), filters=[_strip], validators=[
        DataRequired(_l("Give the item a name.")), Length(max=40, message=_l("Keep the name to 40 characters."))])
    quantity = WholeNumberField(_l("How many the cabinet holds"), default=1, validators=[
        InputRequired(_l("Give the number of units.")), NumberRange(1, 9999, _l("Give a number from 1 to 9999."))])
    deposit = AmountField(_l("Deposit (yuan)"), places=2, default=0, validators=[
        Optional(), NumberRange(0, 100000, _l("Give an amount in yuan."))])

    def item_fields(self):
        return dict(name=self.name.data, cabinet=self.cabinets.get(self.cabinet.data),
                    deposit=self.deposit.data or 0)


class LoanForm(Form):
    """Who takes a key or items, why, until when; a contractor's ID is masked once entered."""
    holder_kind = RadioField(_l("Taken by"), choices=[("staff", _l("Staff")), ("contractor", _l("Contractor")),
                                                      ("resident", _l("Resident"))], default="contractor",
                             validators=[InputRequired(_l("Choose who takes it."))])
    holder_staff = SelectField(_l("Member of staff"), coerce=int, validate_choice=False, default=0)
    holder_name = StringField(_l("Name"), validators=[Length(max=50)])
    holder_company = StringField(_l("Company"), validators=[Length(max=80)])
    holder_id_number = StringField(_l("ID number"), validators=[Length(max=30)])
    holder_unit = StringField(_l("Unit"), validators=[Length(max=20)])
    holder_phone = StringField(_l("Phone"), validators=[Length(max=20)])
    purpose = StringField(_l("Purpose"), validators=[InputRequired(_l("Say what it is for.")), Length(max=200)])
    due_at = StringField(_l("Expected back"), validators=[InputRequired(_l("Say when it is expected back."))])
    quantity = WholeNumberField(_l("How many"), default=1, validators=[Optional(), NumberRange(1, 999)])
    deposit = AmountField(_l("Deposit (yuan)"), places=2, validators=[Optional(), NumberRange(0, 100000)])
    deposit_method = RadioField(_l("Deposit taken by"), choices=[
        ("none", _l("No deposit")), ("cash", _l("Cash")), ("wechat", _l("WeChat Pay")), ("alipay", _l("Alipay"))],
        default="none", validate_choice=False)
    photo = MultipleFileField(_l("Photo of the ID or work permit (optional)"))

    def loan_fields(self, estate):
        """The entries as loan arguments: the unit looked up, the due time read on the estate's clock."""
        from .domain.hours import local_moment_utc
        from .models import Unit
        kind = self.holder_kind.data
        unit = None
        if kind == "resident" and _text(self.holder_unit):
            unit = Unit.find(estate, normalise_unit(_text(self.holder_unit)))
            if unit is None:
                raise Refused(N_("There is no such unit in this estate."))
        due = local_moment_utc(self.due_at.data, estate.timezone)
        if due is None:
            raise Refused(N_("Give the expected return as a date and time."))
        return dict(holder_kind=kind, holder_staff=self.holder_staff.data or None if kind == "staff" else None,
                    holder_name=_text(self.holder_name), holder_company=_text(self.holder_company),
                    holder_id_number=_text(self.holder_id_number), holder_unit=unit,
                    holder_phone=_text(self.holder_phone), purpose=_text(self.purpose), due_at=due,
                    deposit=self.deposit.data, deposit_method=self.deposit_method.data or "none")


class ReturnForm(Form):
    condition = RadioField(_l("Condition"), choices=[("good", _l("Good")), ("damaged", _l("Damaged")),
                                                     ("incomplete", _l("Parts missing"))], default="good",
                           validate_choice=False)
    note = StringField(_l("Note"), validators=[Length(max=200)])
    deposit_refunded = BooleanField(_l("Deposit refunded"))


class VoidForm(Form):
    reason = StringField(_l("Why void it"), validators=[InputRequired(_l("Say why the loan is voided.")),
                                                        Length(max=200)])
