"""Forms of staff and teams administration."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..domain import Refused
from ..domain.people import check_team_code, check_username, roles_given_by, team_for
from ..web.labels import ROLES as ROLE_LABELS
from ..web.labels import team_choices
from ..web.parsing import Form
from .checks import check_phone, text


class Ticks(SelectMultipleField):
    """Several choices as ticked boxes."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StaffForm(Form):
    """A member of staff: who they are, their role and team, and the estates they work in."""
    name = StringField(_l("Name"), validators=[InputRequired(_l("Give the person's name.")), Length(max=60)])
    mobile = StringField(_l("Mobile (optional, unique; it also signs in)"), validators=[Optional(), Length(max=20)])
    role = SelectField(_l("Role"), validators=[InputRequired(_l("Choose a role."))])
    team = SelectField(_l("Team"))
    estates = Ticks(_l("Works in"), coerce=int)

    def __init__(self, actor_role, estate, estates, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [(r, ROLE_LABELS.get(r, r)) for r in roles_given_by(actor_role)]
        self.team.choices = [("", _l("None / the role's own"))] + team_choices(estate)
        self.estates.choices = [(e.id, e.name) for e in estates]
        self.codes = [code for code, _name in team_choices(estate)]

    def validate_mobile(self, field):
        field.data = text(field) or None
        check_phone(field)

    def validate_team(self, field):
        try:
            field.data = team_for(self.role.data, field.data or None, self.codes)
        except Refused as refused:
            raise ValidationError(_l(refused.message)) from None

    def fields(self):
        """The validated entries as the person's columns."""
        return dict(name=text(self.name), mobile=text(self.mobile) or None, role=self.role.data,
                    team=self.team.data)


class NewStaffForm(StaffForm):
    username = StringField(_l("Username"), validators=[InputRequired(_l("Give a username.")), Length(max=40)])

    def validate_username(self, field):
        field.data = text(field)
        try:
            check_username(field.data)
        except Refused as refused:
            raise ValidationError(_l(refused.message)) from None

    def fields(self):
        return super().fields() | dict(username=self.username.data)


class ReasonForm(Form):
    """A step on a person (deactivate, reactivate, reset a password) with an optional note of why."""
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=200)])


class TeamForm(Form):
    code = StringField(_l("Code (lowercase letters, e.g. cleaning)"),
                       validators=[InputRequired(_l("Give the team a code.")), Length(max=30)])
    name = StringField(_l("Name"), validators=[InputRequired(_l("Give the team a name.")), Length(max=60)])

    def validate_code(self, field):
        field.data = text(field)
        try:
            check_team_code(field.data, ())
        except Refused as refused:
            raise ValidationError(_l(refused.message)) from None


class TeamNameForm(Form):
    name = StringField(_l("Name"), validators=[Optional(), Length(max=60)])
