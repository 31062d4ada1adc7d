"""Checks several areas' forms share: a phone number, a unit of the estate, typed text."""
import re

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from ..domain import Refused
from ..domain.numbering import normalise_unit

from ..domain.phones import PHONE_PATTERN  # noqa: E402 -- the rule lives in the domain


def check_phone(field):
    """A phone number, if one was typed, that looks like one."""
    if field.data and not PHONE_PATTERN.match(field.data.strip()):
        raise ValidationError(_l("That does not look like a phone number."))


def text(field):
    return (field.data or "").strip()

def strip(text):
    return text.strip() if text else text

def unit_in(estate, field):
    """The estate's unit typed in a field (normalised in place), or a ValidationError saying what is wrong."""
    from ..models import Unit
    try:
        number = normalise_unit(field.data)
    except Refused as refused:
        raise ValidationError(_l(refused.message)) from None
    unit = Unit.find(estate, number)
    if unit is None:
        raise ValidationError(_l("There is no unit %(number)s in this estate.", number=number))
    field.data = number
    return unit
