"""An estate's own stage targets: one whole number of minutes per kind (and urgency) and stage, over the defaults."""
from collections import namedtuple
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from wtforms.validators import NumberRange, Optional, StopValidation

from ..domain.targets import CLOCK_WORKING, STAGES, duration_words, stage_targets
from ..domain.vocabulary import HELP, KINDS, REPAIR
from ..web.labels import KINDS as KIND_NAMES
from ..web.parsing import Form, WholeNumberField

LONGEST = 14 * 24 * 60  # two weeks: longer is a typo, not a target
ON_SITE_KINDS = (HELP, REPAIR)  # only someone who goes there has an arrival to time
ROWS = tuple((kind, False) for kind in KINDS) + ((REPAIR, True),)
CELLS = tuple((kind, urgent, stage) for kind, urgent in ROWS for stage in STAGES
              if stage != "arrive" or kind in ON_SITE_KINDS)
OUT_OF_RANGE = _l("Give minutes from 0 (not timed) to 20160 (14 days), or leave it empty for the default.")
NOT_MINUTES = _l("Give minutes as a whole number, e.g. 90.")
STAGE_NAMES = {"respond": _l("Respond"), "arrive": _l("Arrive"), "resolve": _l("Resolve"),
               "revisit": _l("Return visit")}
# When each stage's clock starts and stops (webapp/domain/clocks.py stage_start).
STAGE_SPANS = {"respond": _l("dispatch → accept"), "arrive": _l("report → on site"),
               "resolve": _l("report → done"), "revisit": _l("done → return visit")}

# One line of the page: a kind (urgent or not), its clock, and per stage its field (None: not timed there),
# the default in minutes and in words.
Row = namedtuple("Row", "kind urgent clock cells")
Cell = namedtuple("Cell", "stage field default words")


def row_name(kind, urgent):
    """What a row is called on screen."""
    return _l("Urgent repair") if urgent else KIND_NAMES[kind]


def field_name(kind, urgent, stage):
    """The form field of a cell, e.g. repair_urgent_arrive."""
    return f"{kind}_{'urgent_' if urgent else ''}{stage}"


def defaults_of(respond_overrides):
    """{(kind, urgent, stage): minutes or None} before the estate's own cells."""
    return {(kind, urgent, stage): stage_targets(kind, respond_overrides, urgent)[stage]
            for kind, urgent, stage in CELLS}


def entries_of(overrides):
    """The form's data from the estate's own cells."""
    return {field_name(*key): minutes for key, minutes in overrides.items() if key in CELLS}


class MinutesField(WholeNumberField):
    """Minutes typed as a whole number, refused in the user's language when they are not one."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():  # not sent or left empty: the default
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(NOT_MINUTES) from None

    def pre_validate(self, form):
        if self.process_errors:  # "abc" is not minutes: saying it is also out of range would only confuse
            raise StopValidation()
        super().pre_validate(form)


class _TargetsForm(Form):
    def cells(self, defaults):
        """{(kind, urgent, stage): minutes} of the entries that differ from the defaults (0: not timed)."""
        given = {key: self[field_name(*key)].data for key in CELLS}
        return {key: minutes for key, minutes in given.items()
                if minutes is not None and (minutes or None) != defaults[key]}

    def rows(self, defaults):
        """The page's rows: each kind, then urgent repair, with a cell per stage."""
        return [Row(kind, urgent, stage_targets(kind)["clock"],
                    [self._cell(kind, urgent, stage, defaults) for stage in STAGES]) for kind, urgent in ROWS]

    def _cell(self, kind, urgent, stage, defaults):
        key = (kind, urgent, stage)
        if key not in CELLS:
            return Cell(stage, None, None, None)
        default = defaults[key]
        working = stage_targets(kind)["clock"] == CLOCK_WORKING  # said in hours, as the clocks say it
        words = duration_words(timedelta(minutes=default), days=not working) if default else None
        return Cell(stage, self[field_name(*key)], default, words)


def _field(kind, urgent, stage):
    label = _l("%(row)s: %(stage)s", row=row_name(kind, urgent), stage=STAGE_NAMES[stage])
    return MinutesField(label, validators=[Optional(), NumberRange(0, LONGEST, OUT_OF_RANGE)])


TargetsForm = type("TargetsForm", (_TargetsForm,), {field_name(*key): _field(*key) for key in CELLS})
