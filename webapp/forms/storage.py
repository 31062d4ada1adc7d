"""Small-item storage: a deposit, a claim on the code, a void."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from ..domain import Refused
from ..domain.storage import check_collectors, collector_names
from ..web.parsing import Form, WholeNumberField
from .checks import check_phone, strip, text, unit_in


class DepositForm(Form):
    """What is deposited, by whom, and who may collect it (物品, 件数, 寄存人, 联系电话, 领取人)."""
    description = StringField(_l("What is deposited"), filters=[strip], validators=[
        InputRequired(_l("Say what is deposited.")), Length(max=200)])
    count = WholeNumberField(_l("How many pieces"), default=1, validators=[
        InputRequired(_l("Give the number of pieces.")), NumberRange(1, 99, _l("Give a number from 1 to 99."))])
    depositor_name = StringField(_l("Depositor"), filters=[strip], validators=[
        InputRequired(_l("Give the depositor's name.")), Length(max=50)])
    depositor_phone = StringField(_l("Phone"), filters=[strip], validators=[Length(max=20)])
    unit = StringField(_l("Unit (optional)"), filters=[strip], validators=[Optional(), Length(max=20)])
    collectors = TextAreaField(_l("Others who may collect it (names, separated by commas)"),
                               validators=[Length(max=200)])
    photo = MultipleFileField(_l("Photo of the item (optional)"))

    def __init__(self, estate, **kwargs):
        super().__init__(**kwargs)
        self.estate, self.chosen_unit = estate, None

    def validate_depositor_name(self, field):
        if not field.data:
            raise ValidationError(_l("Give the depositor's name."))

    def validate_depositor_phone(self, field):
        check_phone(field)

    def validate_unit(self, field):
        self.chosen_unit = unit_in(self.estate, field) if field.data else None

    def validate_collectors(self, field):
        try:
            check_collectors(collector_names(field.data))
        except Refused as refused:
            raise ValidationError(_l(refused.message, **refused.params)) from None

    def deposit_fields(self):
        """The checked entries as the fields of a deposit."""
        return dict(description=self.description.data, count=self.count.data,
                    depositor_name=self.depositor_name.data, depositor_phone=text(self.depositor_phone),
                    depositor_unit=self.chosen_unit, collectors=collector_names(self.collectors.data))


class ClaimForm(Form):
    """The code on the slip, and who of those allowed is collecting (the clerk ticks one)."""
    code = StringField(_l("Claim code"), filters=[strip], validators=[
        InputRequired(_l("Type the code on the claim slip.")), Length(max=12),
        Regexp(r"^[0-9]+$", message=_l("Type the code on the claim slip."))])
    collector = RadioField(_l("Collected by"), validate_choice=False,
                           validators=[InputRequired(_l("Tick who is collecting."))])

    def __init__(self, item, **kwargs):
        super().__init__(**kwargs)
        self.collector.choices = [(name, name) for name in item.may_collect]


class StorageVoidForm(Form):
    reason = StringField(_l("Why void it (e.g. handed to lost property)"), filters=[strip], validators=[
        InputRequired(_l("Say why the deposit is voided.")), Length(max=200)])
