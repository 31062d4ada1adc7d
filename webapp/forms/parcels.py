"""The parcel forms: the fast arrival form at the counter, the pickup (code and signature, or a proxy), the
return to the sender; and the words for parcels' kinds, sizes and pickups, which the view puts in templates."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, HiddenField, RadioField, StringField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..domain.parcels import CARRIERS, KINDS, PARCEL, SIZES
from ..web.parsing import Form
from .checks import check_phone, strip, text, unit_in

KIND_LABELS = {"parcel": _l("Parcel"), "mail": _l("Letter"), "newspaper": _l("Newspaper or magazine")}
SIZE_LABELS = {"small": _l("Small"), "medium": _l("Medium"), "large": _l("Large")}
METHOD_LABELS = {"code": _l("Code and signature"), "name": _l("By name"), "proxy": _l("By a proxy")}
ACTION_LABELS = {"out": _l("Arrived at the desk"), "back": _l("Picked up"), "void": _l("Returned to sender")}
OTHER = _l("Other")


class ArrivalForm(Form):
    """One arrival; kind, carrier and size stay as they were for the next one (bulk arrival); `confirmed` says
    the clerk saw the warning of the same tracking number and registers it anyway."""
    kind = RadioField(_l("Kind"), choices=[(k, KIND_LABELS[k]) for k in KINDS], default=PARCEL,
                      validators=[InputRequired(_l("Choose parcel, letter or newspaper."))])
    carrier = RadioField(_l("Carrier"), default="sf", validate_choice=False,
                         choices=[(c, name or OTHER) for c, name in CARRIERS.items()])
    carrier_other = StringField(_l("Other carrier"), filters=[strip], validators=[Length(max=30)])
    tracking = StringField(_l("Tracking number"), filters=[strip], validators=[Length(max=40)])
    unit = StringField(_l("Unit"), filters=[strip], validators=[Optional(), Length(max=20)])
    recipient_name = StringField(_l("Recipient"), filters=[strip], validators=[Length(max=50)])
    recipient_phone = StringField(_l("Phone"), filters=[strip], validators=[Length(max=20)])
    size = RadioField(_l("Size"), choices=[(s, SIZE_LABELS[s]) for s in SIZES], default="small",
                      validate_choice=False)
    shelf = StringField(_l("Shelf"), filters=[strip], validators=[Length(max=20)])
    label_photo = MultipleFileField(_l("Photo of the label (optional)"))
    confirmed = BooleanField(_l("Register it anyway"))   # the clerk saw the duplicate warning and goes on

    def __init__(self, estate, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.estate, self.unit_record = estate, None

    def validate_unit(self, field):
        if field.data:
            self.unit_record = unit_in(self.estate, field)

    def validate_carrier(self, field):
        if field.data not in CARRIERS:
            raise ValidationError(_l("Choose the carrier."))
        if field.data == "other" and not self.carrier_other.data:
            raise ValidationError(_l("Type the carrier's name."))

    def validate_size(self, field):
        if field.data not in SIZES:
            raise ValidationError(_l("Choose the size."))

    def validate_tracking(self, field):
        if self.kind.data == PARCEL and not field.data:
            raise ValidationError(_l("Scan or type the tracking number."))

    def validate_recipient_name(self, field):
        if not field.data and not self.unit.data:
            raise ValidationError(_l("Give the recipient's unit or name."))

    def validate_recipient_phone(self, field):
        check_phone(field)

    def parcel_fields(self):
        carrier = self.carrier.data if self.kind.data == PARCEL else ""
        return dict(kind=self.kind.data, carrier=carrier, carrier_other=text(self.carrier_other) if carrier else "",
                    tracking=text(self.tracking), unit=self.unit_record, recipient_name=text(self.recipient_name),
                    recipient_phone=text(self.recipient_phone), size=self.size.data, shelf=text(self.shelf))

    def sticky(self):
        """What the next arrival's form starts with."""
        return dict(kind=self.kind.data, carrier=self.carrier.data, carrier_other=self.carrier_other.data,
                    size=self.size.data)


class PickupForm(Form):
    """The code read out by the recipient, and their signature or typed name; or a proxy (代领)."""
    code = StringField(_l("Pickup code"), filters=[strip], validators=[Length(max=12)])
    signer_name = StringField(_l("Name of who takes it"), filters=[strip], validators=[Length(max=50)])
    signature = MultipleFileField(_l("Signature"))
    proxy_name = StringField(_l("Proxy's name"), filters=[strip], validators=[Length(max=50)])
    proxy_phone = StringField(_l("Proxy's phone"), filters=[strip], validators=[Length(max=20)])
    proxy_photo = MultipleFileField(_l("Photo of the proxy's ID or face"))
    kept_signature = HiddenField(validators=[Length(max=64)])    # kept from a refused try (web/uploads.py)
    kept_proxy_photo = HiddenField(validators=[Length(max=64)])

    def validate_proxy_phone(self, field):
        check_phone(field)

    def given(self):
        """What was given, as the pickup rules read it (files only as whether they were chosen)."""
        return dict(code=text(self.code), signer_name=text(self.signer_name), proxy_name=text(self.proxy_name),
                    proxy_phone=text(self.proxy_phone))


class ReturnForm(Form):
    reason = StringField(_l("Why it goes back"), filters=[strip], validators=[
        InputRequired(_l("Say why it goes back to the sender.")), Length(max=200)])
