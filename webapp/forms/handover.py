"""The shift hand-over: the outgoing person's notes, the incoming person's ticks."""
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectMultipleField, TextAreaField
from wtforms.validators import InputRequired, Length

from ..web.parsing import Form


class StartForm(Form):
    """The button that opens a hand-over, naming the team whose shift it is (the page's, checked again)."""
    team = HiddenField(_l("Team"), validators=[Length(max=64)])


class WithdrawForm(Form):
    """The button that withdraws a half-prepared hand-over; says it means it, so a stray post does nothing."""
    confirm = HiddenField(validators=[InputRequired(_l("Confirm the withdrawal."))])


class HandOverForm(Form):
    notes = TextAreaField(_l("Incidents and notes of the shift"), validators=[Length(max=4000)])


class ConfirmForm(Form):
    """The items the incoming person accepts; each one left unticked is carried into the next hand-over."""
    accepted = SelectMultipleField(_l("Items taken over"), coerce=int)

    def __init__(self, items, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.accepted.choices = [(item.id, item.text) for item in items]

    def ticked(self):
        """The ids ticked: all of them until the person sends the form."""
        if self.is_submitted():
            return set(self.accepted.data or ())
        return {item_id for item_id, _text in self.accepted.choices}
