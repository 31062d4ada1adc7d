"""Where photos live and how a form's file field becomes uploads."""
import os
import re
import uuid

from flask import current_app

TOKEN = re.compile(r"[0-9a-f]{32}")


def photo_folder():
    return current_app.config["PHOTO_FOLDER"] or os.path.join(current_app.instance_path, "photos")


def uploaded(field):
    """The files chosen in a file field, as (filename, stream) pairs, empty parts dropped."""
    return [(_shown_name(f.filename), f.stream) for f in (field.data or []) if f and f.filename]


def _shown_name(filename):
    """A chosen file's name as the page may show it again: printable characters only (a NUL would also be refused
    by PostgreSQL), at most 100."""
    return "".join(ch for ch in filename if ch.isprintable())[:100] or "photo"


def saved_photos(field):
    """Re-encode and store the photos chosen in a file field; PhotoRefused names one that was refused."""
    from .. import clock
    from ..models.photo import save_uploads
    return save_uploads(uploaded(field), photo_folder(), clock.utcnow())


class ChosenPhotos:
    """The photos a form carries: those kept from an earlier refusal of the same form (found by the token in its
    `kept_photos` field) and those chosen now, stored once and kept at once, so a refused form loses none.

    `refused` holds a PhotoRefused for a file that could not be kept; the others chosen with it are not kept.
    """

    def __init__(self, form, by, field="photos", kept_field="kept_photos"):
        from .. import clock
        from ..media.photos import PhotoRefused
        from ..models.photo import MAX_PER_STEP, keep, kept, save_uploads
        self.form, self.by, self.refused = form, by, None
        token_field = getattr(form, kept_field)
        given = token_field.data or ""
        self.token = given if TOKEN.fullmatch(given) else uuid.uuid4().hex
        self.kept = kept(self.token, by, photo_folder())
        files = uploaded(getattr(form, field))
        try:
            stored = save_uploads(files, photo_folder(), clock.utcnow(), room=MAX_PER_STEP - len(self.kept))
        except PhotoRefused as refused:
            stored, self.refused = [], refused
        if stored:
            keep(stored, [name for name, _ in files], self.token, by, photo_folder())
            self.kept += list(zip([name for name, _ in files], stored))
        token_field.data = self.token if self.kept else ""

    @property
    def stored(self):
        return [photo for _, photo in self.kept]

    @property
    def names(self):
        """The phone's names of the photos kept, to show on the form."""
        return [name for name, _ in self.kept]

    def taken(self):
        """They now belong to a ticket: forget the token."""
        from ..models.photo import release
        release(self.token, self.by)
