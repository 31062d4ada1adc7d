"""The one path every submitted value takes: text only, no NUL bytes, bounded length, bounded numbers.

Every form derives from `Form`; every request passes `_refuse_malformed` first. What a browser cannot send by
accident (a NUL byte, a file where text was asked for, a megabyte in a name field) is refused here once, with a
message in the user's language, instead of failing deep in a view or a database driver.
"""
import uuid
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from flask import abort, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from flask_wtf.file import FileField, MultipleFileField
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.routing import IntegerConverter
from wtforms import DecimalField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import Length, ValidationError

# What a one-line text column holds (PostgreSQL's varchar(255)); long texts are bounded too.
LINE_LIMIT = 255
TEXT_LIMIT = 4000
# Ids and counts fit a signed 64-bit integer column on both databases.
LARGEST_ID = 2 ** 63 - 1
CENT = Decimal("0.01")

NOT_TEXT = _l("%(label)s must be typed, not a file.")
TOO_LONG = _l("%(label)s is too long: at most %(limit)s characters.")
NUL = "\x00"


class Form(FlaskForm):
    """A form whose submitted values are text (files only in file fields), NUL-free and bounded."""

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            if formdata is _Auto and request.is_json:
                formdata = MultiDict()  # our forms come from HTML forms; a JSON body is nobody's form
            submitted = super().wrap_formdata(form, formdata)
            return None if submitted is None else _cleaned(form, submitted)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for name, message in getattr(self, "_refusals", {}).items():
            self[name].errors = [message]
            valid = False
        return valid

    def refusal(self):
        """All the form's messages as one line (for pages that show a single message)."""
        return " ".join(str(message) for errors in self.errors.values() for message in errors)


def _cleaned(form, submitted):
    kept, form._refusals = MultiDict(), {}
    for name, field in form._fields.items():
        for value in submitted.getlist(name):
            refusal = _refusal(field, value)
            if refusal:
                form._refusals[name] = refusal
            else:
                kept.add(name, value)
    return kept


def _refusal(field, value):
    if isinstance(field, (FileField, MultipleFileField)):
        return None if isinstance(value, FileStorage) else NOT_TEXT % {"label": field.label.text}
    if not isinstance(value, str):
        return NOT_TEXT % {"label": field.label.text}
    limit = _limit(field)
    if len(value) > limit:
        return TOO_LONG % {"label": field.label.text, "limit": limit}
    return None  # NUL bytes never get this far: _refuse_malformed turned the request away


def _limit(field):
    declared = [v.max for v in field.validators if isinstance(v, Length) and v.max and v.max > 0]
    default = TEXT_LIMIT if isinstance(field, TextAreaField) else LINE_LIMIT
    return min(declared + [default])


class SentOnce(Form):
    """A form that may arrive twice (double tap, a retry on a dropped connection): it carries a key, minted
    here when the form is drawn, with which the second arrival gives what the first made."""
    intake_key = HiddenField(validators=[Length(max=64)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.intake_key.data:
            self.intake_key.data = uuid.uuid4().hex

    def scoped_key(self, scope):
        """The key as stored: only the same sender (`scope`: this sticker, this member of staff) finds it again,
        so a key copied from someone else's form never returns their ticket."""
        return sent_once_key(scope, self.intake_key.data)

def sent_once_key(scope, key):
    """A form's key within its sender's scope (None without a key)."""
    return f"{scope}:{key}" if key else None


class WholeNumberField(IntegerField):
    """An integer that fits the database, whatever digits were typed (a 30-digit number is refused)."""

    def pre_validate(self, form):
        if self.data is not None and not -LARGEST_ID <= self.data <= LARGEST_ID:
            self.data = None
            raise ValidationError(_l("That number is too large."))


class AmountField(DecimalField):
    """A sum of money: a finite decimal (NaN, sNaN and Infinity are not amounts)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if isinstance(self.data, Decimal):
            try:
                if not self.data.is_finite():
                    raise InvalidOperation
                # To the cent, as the column keeps it: 1e-999999 is 0.00, and 1e999999 no amount at all.
                self.data = self.data.quantize(CENT, rounding=ROUND_HALF_UP, context=Context(prec=20))
            except InvalidOperation:
                self.data = None
                raise ValueError(_l("Give an amount in yuan.")) from None


class BoundedIds(IntegerConverter):
    """`<int:…>` in a URL, bounded to what an id column holds: a longer number is simply not found."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=None, signed=False):
        super().__init__(url_map, fixed_digits, min, LARGEST_ID if max is None else max, signed)


def number_or_none(value):
    """A choice of small whole numbers (a rating, a satisfaction): the number, or None for anything else."""
    if isinstance(value, int):
        return value
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 4 else None


def ids_arg(name):
    """The ids listed in a query argument (?ids=1&ids=2), ignoring anything that is not a possible id."""
    return [int(v) for v in request.args.getlist(name) if v.isascii() and v.isdigit() and 0 < int(v) <= LARGEST_ID]


def _refuse_malformed():
    """Turn away a request carrying a NUL byte, or a nameless part, anywhere a browser would never put one."""
    if NUL in request.path or not all(map(_plain, request.args.items(multi=True))):
        abort(400)
    if request.method == "POST" and not (all(map(_plain, request.form.items(multi=True)))
                                         and all(isinstance(k, str) for k in request.files)):
        abort(400)


def _plain(pair):
    key, value = pair
    return isinstance(key, str) and isinstance(value, str) and NUL not in key and NUL not in value


def init_app(app):
    app.url_map.converters["int"] = BoundedIds
    app.jinja_env.globals["new_intake_key"] = lambda: uuid.uuid4().hex  # one-tap forms: minted per drawing
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_malformed)
