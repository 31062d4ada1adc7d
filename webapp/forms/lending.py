"""The key and item inventories and their loans: entries, check-out, check-in, void."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l, lazy_pgettext
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from .. import clock
from ..web import labels
from ..domain import N_, Refused
from ..domain.hours import local_time
from ..domain.loans import CONDITIONS, CONTRACTOR, DEPOSIT_METHODS, HOLDER_KINDS
from ..domain.numbering import normalise_unit
from ..models.estate import colleagues
from ..web.parsing import AmountField, Form, WholeNumberField
from ..web.uploads import saved_photos
from .checks import strip, text


class _CabinetForm(Form):
    """An inventory entry kept in one of the estate's cabinets (places of one kind)."""
    cabinet = SelectField(_l("Cabinet"), default="")

    def __init__(self, estate, cabinet_kind, entry=None, **kwargs):
        from ..models import Place
        super().__init__(obj=entry, **kwargs)
        if entry is not None and not self.is_submitted():
            self.cabinet.data = str(entry.cabinet_id or "")
        self.cabinets = {str(p.id): p for p in Place.select().where(
            (Place.estate == estate) & (Place.kind == cabinet_kind) & ~Place.retired).order_by(Place.name)}
        self.cabinet.choices = [("", _l("No cabinet"))] + [(key, p.name) for key, p in self.cabinets.items()]

class KeyForm(_CabinetForm):
    label = StringField(_l("Label on the key"), filters=[strip], validators=[
        DataRequired(_l("Give the key a label.")), Length(max=40, message=_l("Keep the label to 40 characters."))])
    opens = StringField(_l("Opens"), filters=[strip], validators=[Length(max=100)])
    hook = StringField(_l("Hook"), filters=[strip], validators=[Length(max=10)])
    copies = WholeNumberField(_l("Copies"), default=1, validators=[
        InputRequired(_l("Give the number of copies.")), NumberRange(1, 99, _l("Give a number from 1 to 99."))])
    contractors_allowed = BooleanField(_l("May leave with contractors"), default=True)

    def key_fields(self):
        return dict(label=self.label.data, opens=self.opens.data or "", cabinet=self.cabinets.get(self.cabinet.data),
                    hook=self.hook.data or "", copies=self.copies.data,
                    contractors_allowed=self.contractors_allowed.data)

class ItemTypeForm(_CabinetForm):
    name = StringField(_l("Item"), filters=[strip], validators=[
        DataRequired(_l("Give the item a name.")), Length(max=40, message=_l("Keep the name to 40 characters."))])
    quantity = WholeNumberField(_l("How many the cabinet holds"), default=1, validators=[
        InputRequired(_l("Give the number of units.")), NumberRange(1, 9999, _l("Give a number from 1 to 9999."))])
    deposit = AmountField(_l("Deposit (yuan)"), places=2, default=0, validators=[
        Optional(), NumberRange(0, 100000, _l("Give an amount in yuan."))])

    def item_fields(self):
        return dict(name=self.name.data, cabinet=self.cabinets.get(self.cabinet.data),
                    deposit=self.deposit.data or 0)

class LoanForm(Form):
    """Who takes a key or items, why, until when; a contractor's ID is masked once entered. Offers the
    estate's staff to choose from and proposes a due time four hours ahead, on the estate's clock."""
    holder_kind = RadioField(lazy_pgettext("loan", "Taken by"), choices=[(k, labels.HOLDER_KINDS[k]) for k in HOLDER_KINDS],
                             default=CONTRACTOR,
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
    deposit_method = RadioField(_l("Deposit taken by"), default="none", validate_choice=False,
                                choices=[(m, labels.DEPOSIT_METHODS[m]) for m in DEPOSIT_METHODS])
    photo = MultipleFileField(_l("Photo of the ID or work permit (optional)"))

    def __init__(self, estate):
        super().__init__()  # the submitted form and its files on POST, a blank form otherwise
        self.estate, self.colleagues = estate, list(colleagues(estate))
        self.holder_staff.choices = [(0, "—")] + [(s.id, s.name) for s in self.colleagues]
        if not self.due_at.data:
            self.due_at.data = local_time(clock.utcnow() + timedelta(hours=4), estate.timezone).strftime(
                "%Y-%m-%dT%H:%M")

    def loan_arguments(self):
        """The checked entries as loan arguments, with the ID photo stored; raises Refused with what is wrong."""
        if not self.validate():
            raise Refused(self.refusal())
        fields = self.loan_fields(self.estate)
        if fields["holder_staff"] and fields["holder_staff"] not in {s.id for s in self.colleagues}:
            raise Refused(N_("Choose a colleague who works in this estate."))
        photos = saved_photos(self.photo)
        fields["photo"] = photos[0].name if photos else None
        return fields

    def loan_fields(self, estate):
        """The entries as loan arguments: the unit looked up, the due time read on the estate's clock."""
        from ..domain.hours import local_moment_utc
        from ..models import Unit
        kind = self.holder_kind.data
        unit = None
        if kind == "resident" and text(self.holder_unit):
            unit = Unit.find(estate, normalise_unit(text(self.holder_unit)))
            if unit is None:
                raise Refused(N_("There is no such unit in this estate."))
        due = local_moment_utc(self.due_at.data, estate.timezone)
        if due is None:
            raise Refused(N_("Give the expected return as a date and time."))
        return dict(holder_kind=kind, holder_staff=self.holder_staff.data or None if kind == "staff" else None,
                    holder_name=text(self.holder_name), holder_company=text(self.holder_company),
                    holder_id_number=text(self.holder_id_number), holder_unit=unit,
                    holder_phone=text(self.holder_phone), purpose=text(self.purpose), due_at=due,
                    deposit=self.deposit.data, deposit_method=self._deposit_method())

    def _deposit_method(self):
        method = self.deposit_method.data
        return method if method in DEPOSIT_METHODS else "none"


class ReturnForm(Form):
    condition = RadioField(_l("Condition"), choices=[(c, labels.CONDITIONS[c]) for c in CONDITIONS], default="good")
    note = StringField(_l("Note"), validators=[Length(max=200)])
    deposit_refunded = BooleanField(_l("Deposit refunded"))

class VoidForm(Form):
    reason = StringField(_l("Why void it"), validators=[InputRequired(_l("Say why the loan is voided.")),
                                                        Length(max=200)])
