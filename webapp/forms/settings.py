"""An estate's own settings."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..alerts.webhook import is_web_url
from ..domain import Refused
from ..domain.storage import STORAGE_DAYS
from ..web.parsing import Form, WholeNumberField


class SettingsForm(Form):
    desk_opens = StringField(_l("Desk opens"), validators=[InputRequired(), Length(max=5)])
    desk_closes = StringField(_l("Desk closes"), validators=[InputRequired(), Length(max=5)])
    max_open_orders = WholeNumberField(_l("Most open orders one person may hold"), validators=[
        Optional(), NumberRange(1, 99, _l("Give a number from 1 to 99, or leave it empty for no limit."))])

    target_help_minutes = WholeNumberField(_l("Minutes to accept a help request"), validators=[
        InputRequired(_l("Give a number of minutes.")), NumberRange(1, 1440, _l("Give a number of minutes."))])
    target_repair_minutes = WholeNumberField(_l("Minutes to accept a repair"), validators=[
        InputRequired(_l("Give a number of minutes.")), NumberRange(1, 1440, _l("Give a number of minutes."))])

    storage_days = WholeNumberField(_l("Days a deposited item is kept before it counts as left over (empty: 30)"),
                                    validators=[Optional(), NumberRange(1, 365, _l("Give a number of days from 1 to 365."))])

    self_service_lending = BooleanField(_l("Residents may borrow from the lending cabinet on their own phone"))

    webhook_url = StringField(_l("Webhook URL (receives every alert as signed JSON)"), validators=[Length(max=255)])
    new_webhook_secret = BooleanField(_l("Make a new signing secret (the receiver must be given it)"))

    def settings(self):
        """The validated entries as estate settings."""
        return {name: getattr(self, name).data for name in (
            "desk_opens", "desk_closes", "max_open_orders", "target_help_minutes", "target_repair_minutes",
            "self_service_lending")} | {"webhook_url": (self.webhook_url.data or "").strip(),
                                        "storage_days": self.storage_days.data or STORAGE_DAYS}

    def validate_webhook_url(self, field):
        if (field.data or "").strip() and not is_web_url(field.data.strip()):
            raise ValidationError(_l("Give an http:// or https:// address, or leave it empty."))

    def validate_desk_opens(self, field):
        _check_time(field)

    def validate_desk_closes(self, field):
        _check_time(field)

def _check_time(field):
    from ..domain.hours import parse_hhmm
    try:
        parse_hhmm(field.data)
    except Refused as refused:
        raise ValidationError(_l(refused.message)) from None
