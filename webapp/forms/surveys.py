"""Forms of the satisfaction surveys: a campaign, a question, a resident's answers, the follow-up survey."""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..domain import surveys as rules
from ..web.parsing import Form, number_or_none
from .roster import DayField

ANSWER_NEEDED = _l("Answer this question.")


class CampaignForm(Form):
    title = StringField(_l("Title"), validators=[InputRequired(_l("Give the survey a title.")), Length(max=100)])
    opens_on = DayField(_l("First day"), validators=[InputRequired(_l("Give a date, e.g. 2026-11-23."))])
    closes_on = DayField(_l("Last day"), validators=[InputRequired(_l("Give a date, e.g. 2026-11-23."))])


class QuestionForm(Form):
    department = SelectField(_l("Department"), choices=[(k, _l(v)) for k, v in rules.DEPARTMENTS.items()],
                             validators=[InputRequired(_l("Choose the department and the kind of question."))])
    kind = SelectField(_l("Kind of question"), choices=[(k, _l(v)) for k, v in rules.QUESTION_KINDS.items()],
                       validators=[InputRequired(_l("Choose the department and the kind of question."))])
    prompt = StringField(_l("Question"), validators=[InputRequired(_l("Write the question.")), Length(max=200)])
    choices = TextAreaField(_l("Options (single choice: one per line)"), validators=[Length(max=1000)])


class BallotForm(Form):
    """Who may answer: a unit and the last four digits of a phone on record for it (kept by nobody)."""
    unit = StringField(_l("Your unit"), validators=[InputRequired(_l("Give your unit, e.g. 2-1503.")),
                                                    Length(max=20)])
    last_four = StringField(_l("Last 4 digits of the phone registered for your unit"), validators=[
        InputRequired(_l("Give the last 4 digits of your phone.")), Length(max=8)])
    website = StringField()  # a honeypot: people never see it, naive bots fill it in

    def is_bot(self):
        return bool(self.website.data)


def answer_field(question):
    """The field a question is answered in: required for a choice or a score, optional for a text."""
    if question.kind == rules.TEXT:
        return TextAreaField(question.prompt, validators=[Optional(), Length(max=500)])
    options = ([(str(n), str(n)) for n in rules.SCALE_VALUES] if question.kind == rules.SCALE
               else [(o, o) for o in question.options])
    return RadioField(question.prompt, choices=options, validators=[InputRequired(ANSWER_NEEDED)])


def ballot_form(questions, **kwargs):
    """The campaign's form: the unit check and a field `q<id>` for each question."""
    fields = {f"q{q.id}": answer_field(q) for q in questions}
    return type("CampaignBallotForm", (BallotForm,), fields)(**kwargs)


def answers_of(form, questions):
    """[(question, value)] of the questions answered, values as stored."""
    given = [(q, rules.check_answer(q.kind, form[f"q{q.id}"].data, q.options)) for q in questions]
    return [(q, value) for q, value in given if value is not None]


class FollowUpForm(Form):
    rating = RadioField(_l("How satisfied are you?"), choices=[(n, str(n)) for n in range(5, 0, -1)],
                        coerce=number_or_none, validators=[InputRequired(_l("Choose a score from 1 to 5."))])
    resolved = RadioField(_l("Was your request resolved?"), choices=[("yes", _l("Yes")), ("no", _l("No"))],
                          validators=[InputRequired(_l("Say whether it was resolved."))])
    comment = TextAreaField(_l("Comment (optional)"), validators=[Length(max=500)])
