"""Staff who sign in, with their role."""
from functools import lru_cache

from .. import clock

from flask_login import UserMixin
from peewee import BooleanField, CharField, DateTimeField, IntegerField
from werkzeug.security import check_password_hash, generate_password_hash

from ..db import BaseModel, db
from ..domain import N_, Refused
from ..domain.vocabulary import OPERATOR_ROLES


def set_up_center(code, estate_name, timezone, username, name, password):
    """The first run of a center: its first estate and its first admin, who manages everything else."""
    from ..domain.people import check_first_run, check_password_choice
    from ..domain.vocabulary import ADMIN
    from .estate import Estate, new_estate
    with db.atomic():
        check_first_run(Staff.select().where(Staff.role == ADMIN).exists(), timezone)
        check_password_choice(password, username)
        if Estate.select().where(Estate.code == code).exists() or not (code and estate_name and username and name):
            raise Refused(N_("Give an estate code not yet used, the estate's name, and the admin's username and "
                             "name."))
        new_estate(code, estate_name, timezone=timezone)
        admin = Staff(username=username, name=name, role=ADMIN)
        admin.set_password(password)
        admin.save()
    return admin


class Staff(UserMixin, BaseModel):
    username = CharField(unique=True)
    mobile = CharField(unique=True, null=True)
    name = CharField()
    role = CharField()
    password_hash = CharField()
    active = BooleanField(default=True)
    created_at = DateTimeField(default=clock.utcnow)
    # Part of the id kept in the session: moving it on refuses every session signed in before.
    session_version = IntegerField(default=0)
    team = CharField(null=True)  # the team whose queue this person works (security, engineering, cleaning…)
    must_change_password = BooleanField(default=False)  # given a temporary password by an admin

    @property
    def is_active(self):
        return self.active

    @property
    def spans_estates(self):
        return self.role in OPERATOR_ROLES

    def get_id(self):
        return f"{self.id}:{self.session_version}"

    def set_password(self, password):
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    @classmethod
    def signed_in(cls, staff_id):
        """The active member of staff with this id. Raw SQL: it runs on every request, and building
        the query costs ~5x running it."""
        rows = cls.raw(f"SELECT * FROM staff WHERE id = {db.param} AND active", staff_id)
        return next(iter(rows), None)

    def change_password(self, password):
        """Set a new password and refuse every session signed in with the old one."""
        self.set_password(password)
        self.must_change_password = False
        self._move_session_version(password_hash=self.password_hash, must_change_password=False)

    def sign_out_everywhere(self):
        """Refuse every session this person signed in until now."""
        self._move_session_version()

    def _move_session_version(self, **changes):
        Staff.update(session_version=Staff.session_version + 1, **changes).where(Staff.id == self.id).execute()
        self.session_version = Staff.get_by_id(self.id).session_version

    @classmethod
    def authenticate(cls, login, password):
        """The active staff member with this login and password, or None, in the same time either way."""
        staff = cls.by_login(login)
        if staff is None:
            check_password_hash(_unknown_login_hash(), password)  # as slow as a wrong password
            return None
        return staff if staff.check_password(password) else None

    @classmethod
    def by_login(cls, login):
        """The active staff member whose username or mobile number is `login`."""
        login = (login or "").strip()
        if "\0" in login:
            return None  # no login has one, and PostgreSQL refuses to compare with it
        return cls.get_or_none(((cls.username == login) | (cls.mobile == login)) & cls.active)


@lru_cache(maxsize=1)
def _unknown_login_hash():
    return generate_password_hash("no such login")
