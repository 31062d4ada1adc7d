"""Patrol words the supervisors' pages add to those in web/labels.py (round states, verdicts, flags, events):
how a scan was made and why a round is an exception. Registered as template globals VIA_LABELS and
EXCEPTION_LABELS by the patrol board's blueprint."""
from flask_babel import lazy_gettext as _l

from ..web.labels import ROUND_STATES, SCAN_FLAGS

VIAS = {"camera": _l("In-app scanner"), "typed": _l("Typed by hand"), "link": _l("Camera app link")}
EXCEPTIONS = {"missed": ROUND_STATES["missed"], "incomplete": ROUND_STATES["incomplete"],
              "overdue": _l("Past its window"), "flagged": _l("Scans to review")}
GLOBALS = dict(VIA_LABELS=VIAS, EXCEPTION_LABELS=EXCEPTIONS)


def flags_in_words(visit):
    """A visit's flags as words, joined for a cell."""
    return "; ".join(str(SCAN_FLAGS.get(f, f)) for f in visit.flag_list)
