"""Rules about the people who sign in: what a password may be, and the first run of a center."""
from zoneinfo import available_timezones

from . import N_, Refused

PASSWORD_LENGTHS = (8, 200)


def check_password_choice(password, username, mobile=None):
    """A new password: 8 to 200 characters, and not the person's username or mobile number."""
    if not PASSWORD_LENGTHS[0] <= len(password or "") <= PASSWORD_LENGTHS[1]:
        raise Refused(N_("A password has 8 to 200 characters."))
    if password.strip().lower() in {username.lower(), (mobile or "").lower()}:
        raise Refused(N_("A password must not be your username or mobile number."))


def check_first_run(admins, timezone):
    """The first run creates the first admin and estate once; afterwards the admins manage the center."""
    if admins:
        raise Refused(N_("This center is already set up: an admin exists. Sign in as one to add estates and staff."))
    if timezone not in available_timezones():
        raise Refused(N_("Unknown time zone %(zone)s: use a name like Asia/Shanghai."), zone=timezone)
