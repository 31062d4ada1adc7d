"""Walking a round from the phone: a checkpoint's scan, a finding, finishing, handing the round over."""
from datetime import datetime, timezone

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from ..domain.patrol import VIAS
from ..web.parsing import Form, WholeNumberField
from .checks import strip
from .places import FindingForm

# A phone's clock reading, in milliseconds since 1970: anything outside these years is no clock.
EARLIEST_MS, LATEST_MS = 946684800000, 4102444800000   # 2000-01-01, 2100-01-01


class ScanForm(Form):
    """One scan, as the in-app scanner (through the outbox) or the sticker's own page sends it."""
    token = StringField(validators=[InputRequired(_l("Scan a checkpoint's sticker.")), Length(max=64)])
    client_id = StringField(validators=[InputRequired(), Regexp(r"^[A-Za-z0-9_-]{8,64}$")])
    via = SelectField(choices=[(v, v) for v in VIAS], default="link")
    scanned_at = WholeNumberField(validators=[Optional()])
    offline = StringField(default="")    # "1": the phone had no network when it scanned

    def device_at(self):
        """The phone's clock at the scan as naive UTC, or None when it sent none (or nonsense)."""
        return _from_ms(self.scanned_at.data)


def _from_ms(value):
    if value is None or not EARLIEST_MS <= value <= LATEST_MS:
        return None
    return datetime.fromtimestamp(value / 1000, timezone.utc).replace(tzinfo=None)


class RoundFindingForm(FindingForm):
    """What a guard found at one of the round's checkpoints; it comes in by patrol."""
    channel = None
    place = SelectField(_l("Where"), validators=[InputRequired(_l("Choose the checkpoint."))])

    def __init__(self, stops, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.place.choices = [(str(s.place_id), s.place.name) for s in stops]
        self.places = {str(s.place_id): s.place for s in stops}


class FinishRoundForm(Form):
    note = TextAreaField(_l("Note"), filters=[strip], validators=[Length(max=500)])


class HandRoundForm(Form):
    to = SelectField(_l("Hand to"), validators=[InputRequired(_l("Choose whom to hand the round to."))])
    reason = StringField(_l("Why"), filters=[strip], validators=[
        InputRequired(_l("Say why the round is handed over.")), Length(max=200)])

    def __init__(self, people, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(p.id): p for p in people}
        self.to.choices = [("", _l("Choose…"))] + [(key, p.name) for key, p in self.people.items()]
