"""Photos attached to a ticket at intake or when the work is done."""
import os
from datetime import timedelta

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from .. import clock
from ..db import BaseModel, db
from ..domain import N_
from ..media.photos import PhotoRefused, StoredPhoto, read_upload, store
from .people import Staff
from .ticket import Ticket

INTAKE, FINISH = "intake", "finish"
MAX_PER_STEP = 6
# How long photos of a refused form wait for the form to be sent again before they are removed.
KEPT_FOR = timedelta(days=1)


class Photo(BaseModel):
    ticket = ForeignKeyField(Ticket, backref="photos", on_delete="CASCADE")
    stage = CharField()
    name = CharField()    # path under the photo folder
    thumb = CharField()
    width = IntegerField()
    height = IntegerField()
    size = IntegerField()
    uploaded_by = ForeignKeyField(Staff, null=True, backref="+")  # None: a resident
    at = DateTimeField(default=clock.utcnow)

    class Meta:
        indexes = ((("ticket", "at"), False),)


class KeptPhoto(BaseModel):
    """A photo stored for a form that was refused, waiting for the same form to be sent again (by its token)."""
    token = CharField(index=True)
    kept_by = ForeignKeyField(Staff, backref="+", on_delete="CASCADE")
    filename = CharField()  # as the phone named it, to tell the person which photos are kept
    name = CharField()
    thumb = CharField()
    width = IntegerField()
    height = IntegerField()
    size = IntegerField()
    at = DateTimeField(index=True)


def save_uploads(uploads, folder, now, room=MAX_PER_STEP):
    """Re-encode and store each (filename, stream) upload, at most `room` of them; on a refused one, remove
    those already written.

    Raises PhotoRefused naming the file, so the form can be shown again with everything else kept.
    """
    stored = []
    try:
        for filename, stream in uploads[:room + 1]:
            if len(stored) == room:
                raise PhotoRefused(N_("At most %(count)s photos at a time."), count=MAX_PER_STEP)
            stored.append(store(read_upload(stream, name=filename), folder, now, name=filename))
    except PhotoRefused:
        discard(stored, folder)
        raise
    return stored


def discard(stored, folder=None):
    """Remove stored photos that no ticket will keep (a refused form, a form already sent)."""
    for photo in stored:
        for path in (photo.name, photo.thumb):
            path = os.path.join(folder or photo.folder, path)
            if os.path.exists(path):
                os.remove(path)


def attach(ticket, stored, stage, by):
    """Record stored photos against a ticket (inside the caller's transaction)."""
    if not stored:
        return
    Photo.insert_many([dict(ticket=ticket, stage=stage, name=p.name, thumb=p.thumb, width=p.width,
                            height=p.height, size=p.size, uploaded_by=by, at=clock.utcnow())
                       for p in stored]).execute()


def keep(stored, filenames, token, by, folder):
    """Remember stored photos under a form's token until it is sent again; forget those kept too long."""
    now = clock.utcnow()
    _forget_stale(now - KEPT_FOR, folder)
    if stored:
        with db.atomic():
            KeptPhoto.insert_many([dict(token=token, kept_by=by, filename=(filename or "")[:255], name=p.name,
                                        thumb=p.thumb, width=p.width, height=p.height, size=p.size, at=now)
                                   for p, filename in zip(stored, filenames)]).execute()


def kept(token, by, folder):
    """The photos this person's form kept under its token, oldest first, as (filename, StoredPhoto)."""
    if not token:
        return []
    rows = KeptPhoto.select().where((KeptPhoto.token == token) & (KeptPhoto.kept_by == by)).order_by(KeptPhoto.id)
    return [(r.filename, StoredPhoto(name=r.name, thumb=r.thumb, width=r.width, height=r.height, size=r.size,
                                     folder=folder)) for r in rows]


def release(token, by):
    """The kept photos now belong to a ticket (or were discarded with a form sent twice): forget the token."""
    if token:
        KeptPhoto.delete().where((KeptPhoto.token == token) & (KeptPhoto.kept_by == by)).execute()


def _forget_stale(before, folder):
    stale = list(KeptPhoto.select().where(KeptPhoto.at < before).limit(200))
    if not stale:
        return
    attached = {p.name for p in Photo.select(Photo.name).where(Photo.name.in_([s.name for s in stale]))}
    with db.atomic():
        KeptPhoto.delete().where(KeptPhoto.id.in_([s.id for s in stale])).execute()
    discard([StoredPhoto(s.name, s.thumb, s.width, s.height, s.size, folder) for s in stale if s.name not in attached])
