"""Places and what staff do at one: the place itself, a finding, a room check, one tap on a failed item."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..web import labels
from ..domain.vocabulary import HELP, REPAIR
from ..web.parsing import Form, SentOnce, WholeNumberField
from .checks import strip


class PlaceForm(Form):
    name = StringField(_l("Name on the sticker"), filters=[strip],
                       validators=[InputRequired(_l("Give the place a name.")),
                                   Length(max=40, message=_l("Keep the name to 40 characters."))])
    kind = SelectField(_l("Kind of place"), validators=[InputRequired(_l("Choose the kind of place."))])
    building = SelectField(_l("Building"), default="")
    floor = WholeNumberField(_l("Floor"), validators=[
        Optional(), NumberRange(-5, 150, _l("Give a floor from -5 to 150, or leave it empty."))])
    team = SelectField(_l("Reports from here go to"), default="")

    def __init__(self, estate, kind_labels, place=None, **kwargs):
        from ..models import Building
        if place is not None:
            kwargs.update(name=place.name, kind=place.kind, building=str(place.building_id or ""),
                          floor=place.floor, team=place.team or "")
        super().__init__(**kwargs)
        self.kind.choices = [("", _l("Choose…"))] + list(kind_labels.items())
        self.buildings = {str(b.id): b for b in estate.buildings.order_by(Building.number)}
        self.building.choices = [("", _l("Not in a building"))] + [(key, b.name) for key, b in self.buildings.items()]
        self.team.choices = [("", _l("The usual team: repairs to engineering, help to security"))] + \
            labels.team_choices(estate)

    def validate_name(self, field):
        if not field.data:
            raise ValidationError(_l("Give the place a name."))

    def place_fields(self):
        """The validated entries as the fields of a place."""
        return dict(name=self.name.data, kind=self.kind.data, building=self.buildings.get(self.building.data),
                    floor=self.floor.data, team=self.team.data or None)

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

class CheckForm(Form):
    """An opening or closing check: the stage, then one box per item of the place's checklist (see
    `checklist_form`)."""
    stage = RadioField(_l("Check"), choices=list(labels.CHECK_STAGES.items()),
                       validators=[InputRequired(_l("Choose opening or closing."))])

    def results(self):
        """{item: passed} for the chosen stage's checklist."""
        from ..domain.places import checklist
        return {item: bool(self[item].data) for item in checklist(self.kind, self.stage.data)}


def checklist_form(kind, item_labels, **kwargs):
    """The check form of a kind of place, built from its checklists: a box per item, labelled from `item_labels`;
    only the kind's own stages may be chosen."""
    from ..domain.places import CHECKLISTS
    stages = CHECKLISTS.get(kind, {})
    items = {item: BooleanField(item_labels[item]) for checks in stages.values() for item in checks}
    form = type("PlaceCheckForm", (CheckForm,), items)(**kwargs)
    form.kind = kind
    form.stage.choices = [(stage, labels.CHECK_STAGES[stage]) for stage in stages]
    return form

class RaiseTicketForm(SentOnce):
    """One tap on a failed checklist item: which item."""
    item = HiddenField(validators=[InputRequired()])
