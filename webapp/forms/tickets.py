"""Steps on a ticket: a note with a colleague or a queue, another kind, a return visit, finishing."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..web import labels
from ..domain.vocabulary import KINDS, REPAIR
from ..web.parsing import AmountField, Form, number_or_none, WholeNumberField
from .checks import text


class StepForm(Form):
    """A step on a ticket's page: an optional note, a colleague or a team's queue."""
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])
    target = WholeNumberField(_l("Person"), validators=[Optional()])
    team = SelectField(_l("Team queue"), default="")

    def __init__(self, estate, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.team.choices = [("", "")] + labels.team_choices(estate)

class KindForm(Form):
    """The desk files a ticket as another kind."""
    kind = SelectField(_l("File as"), choices=[(k, labels.KINDS[k]) for k in KINDS],
                       validators=[InputRequired(_l("Choose the kind of request."))])
    team = SelectField(_l("Help needed from"), default="")

    def __init__(self, estate, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.team.choices = [("", "")] + labels.team_choices(estate)

# How satisfied the owner is, 5 to 1, in the words a return-visit call uses.
SATISFACTION = {5: _l("Very satisfied"), 4: _l("Satisfied"), 3: _l("Neutral"), 2: _l("Dissatisfied"),
                1: _l("Very dissatisfied")}


class RevisitForm(Form):
    reached = RadioField(_l("Owner reached"), choices=[("yes", _l("Reached")), ("no", _l("Not reached"))],
                         validators=[InputRequired(_l("Say whether the owner was reached."))])
    satisfaction = RadioField(_l("Satisfaction"), choices=list(SATISFACTION.items()),
                              coerce=number_or_none, validate_choice=False)
    comment = TextAreaField(_l("Comment"), validators=[Length(max=1000)])

    def validate_satisfaction(self, field):
        if self.reached.data == "yes" and field.data not in SATISFACTION:
            raise ValidationError(_l("Choose how satisfied the owner is."))

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
    kept_photos = HiddenField(validators=[Length(max=64)])  # photos kept from a refused try (web/uploads.py)

    def __init__(self, ticket, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_repair = ticket.kind == REPAIR

    def validate_paid(self, field):
        if self.is_repair and field.data not in ("free", "paid"):
            raise ValidationError(_l("Say whether the repair is paid or free."))

    def validate_labour_fee(self, field):
        self._no_fee_if_free(field)

    def validate_materials_fee(self, field):
        self._no_fee_if_free(field)

    def _no_fee_if_free(self, field):
        # Refused rather than dropped: a fee typed and then "free" tapped is a mistake the engineer must settle.
        if self.is_repair and self.paid.data == "free" and field.data:
            raise ValidationError(_l("A free repair has no fees: clear the amount, or choose paid."))

    def charges(self):
        """Paid or free, labour and materials: recorded for repairs only."""
        if not self.is_repair:
            return {}
        paid = self.paid.data == "paid"
        return dict(paid=paid, labour_fee=self.labour_fee.data if paid else None, materials=text(self.materials),
                    materials_fee=self.materials_fee.data if paid else None)
