"""Photos attached to a ticket at intake or when the work is done."""
import os

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from .. import clock
from ..db import BaseModel
from ..domain import N_
from ..media.photos import PhotoRefused, read_upload, store
from .people import Staff
from .ticket import Ticket

INTAKE, FINISH = "intake", "finish"
MAX_PER_STEP = 6


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


def save_uploads(uploads, folder, now):
    """Re-encode and store each (filename, stream) upload; on a refused one, remove those already written.

    Raises PhotoRefused naming the file, so the form can be shown again with everything else kept.
    """
    stored = []
    try:
        for filename, stream in uploads[:MAX_PER_STEP + 1]:
            if len(stored) == MAX_PER_STEP:
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
