"""Staff who sign in, with their role."""
from .. import clock

from flask_login import UserMixin
from peewee import BooleanField, CharField, DateTimeField
from werkzeug.security import check_password_hash, generate_password_hash

from ..db import BaseModel, db
from ..domain.vocabulary import OPERATOR_ROLES, team_of


class Staff(UserMixin, BaseModel):
    username = CharField(unique=True)
    mobile = CharField(unique=True, null=True)
    name = CharField()
    role = CharField()
    password_hash = CharField()
    active = BooleanField(default=True)
    created_at = DateTimeField(default=clock.utcnow)

    @property
    def is_active(self):
        return self.active

    @property
    def team(self):
        return team_of(self.role)

    @property
    def spans_estates(self):
        return self.role in OPERATOR_ROLES

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

    @classmethod
    def by_login(cls, login):
        """The active staff member whose username or mobile number is `login`."""
        login = (login or "").strip()
        return cls.get_or_none(((cls.username == login) | (cls.mobile == login)) & cls.active)
