"""Rules about the people who sign in: what a password may be, and the first run of a center."""
import re
import secrets
from zoneinfo import available_timezones

from . import N_, Refused
from .vocabulary import ADMIN, BUILT_IN_TEAMS, CENTER_HEAD, ROLES, TEAM_ROLES, team_of

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


def mask_phone(phone):
    """A phone number as lists show it: the first 3 and last 4 digits kept, 139****5678."""
    phone = (phone or "").strip()
    if len(phone) >= 8:
        return f"{phone[:3]}****{phone[-4:]}"
    return "*" * max(len(phone) - 2, 0) + phone[-2:] if phone else ""


# ---- staff administration -------------------------------------------------------------------------------------

TEMPORARY_PASSWORD_LENGTH = 14
# No 0/O, 1/l/I: a temporary password is read off a screen and typed on a phone.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
USERNAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9._-]{1,39}$")
TEAM_CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,29}$")


def mask_name(name):
    """A name as a notice or a list shows it: the family name kept, 王**."""
    name = (name or "").strip()
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else name


def temporary_password():
    """A password an admin hands over once; its holder must change it at first sign-in."""
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(TEMPORARY_PASSWORD_LENGTH))


def check_username(username):
    """A username: a letter, then letters, digits, dots, dashes or underscores (2 to 40 in all); never a
    number, which could pass for someone's mobile at sign-in."""
    if not USERNAME_PATTERN.match(username or ""):
        raise Refused(N_("A username starts with a letter and has 2 to 40 letters, digits, dots, dashes or "
                         "underscores."))


def check_admins_left(was_active_admin, stays_active_admin, other_active_admins):
    """No change may leave the center without an active admin: the admins manage everyone else."""
    if was_active_admin and not stays_active_admin and other_active_admins == 0:
        raise Refused(N_("This is the last active administrator: make someone else an administrator first."))


def may_manage(actor_role, actor_estates, target_role, target_estates):
    """Whether a person may manage a member of staff: an admin everyone; a service center head the
    non-admins who work in one of their estates."""
    if actor_role == ADMIN:
        return True
    return actor_role == CENTER_HEAD and target_role != ADMIN and bool(set(actor_estates) & set(target_estates))


def roles_given_by(actor_role):
    """The roles a person may give: a service center head any but admin."""
    return ROLES if actor_role == ADMIN else tuple(r for r in ROLES if r != ADMIN)


def team_for(role, chosen, codes):
    """The team a person of a role works in: required for team roles (security and engineering by default),
    one of the estate's active teams; none for the other roles."""
    if role not in TEAM_ROLES:
        return None
    team = chosen or team_of(role)
    if not team:
        raise Refused(N_("Choose the team this person works in."))
    if team not in codes:
        raise Refused(N_("Choose one of the estate's active teams."))
    return team


def check_estates(role, estates):
    """Everyone but an admin (who works everywhere) works in at least one estate."""
    if role != ADMIN and not estates:
        raise Refused(N_("Choose at least one estate this person works in."))


def check_team_code(code, taken):
    """A new team's code: lowercase letters, digits and underscores, starting with a letter, new in the estate."""
    if not TEAM_CODE_PATTERN.match(code or ""):
        raise Refused(N_("A team code has 2 to 30 lowercase letters, digits or underscores and starts with a "
                         "letter, e.g. cleaning."))
    if code in taken:
        raise Refused(N_("This estate already has a team %(code)s."), code=code)


def check_team_retirement(code, people, open_tickets):
    """A team is retired only if it is not built in and nobody and nothing still works in it."""
    if code in BUILT_IN_TEAMS:
        raise Refused(N_("Security and engineering are built-in teams: they cannot be deactivated."))
    if people or open_tickets:
        raise Refused(N_("%(people)s active people and %(tickets)s open tickets are still in this team: move "
                         "them first."), people=people, tickets=open_tickets)


def check_not_oneself(actor_id, person_id):
    """Nobody deactivates themselves or resets their own password here (their own page changes it): it would
    sign them out in the middle of their work."""
    if actor_id == person_id:
        raise Refused(N_("Not on yourself: change your own password on your account page, and ask another "
                         "administrator to deactivate you."))
