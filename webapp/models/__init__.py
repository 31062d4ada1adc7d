"""Tables and the operations that change them; each operation owns its transaction."""
from .people import Staff
from .estate import Estate, Team, Membership, Area, Building, Unit, Owner, DispatchRule
from .audit import AuditEntry
from .duty import Duty, Rotation, Shift
from .swaps import SwapRequest
from .calendar import CalendarDay
from .ticket import Ticket, TicketEvent, Revisit, DayCounter
from .changes import ChangeCounter
from .photo import Photo
from .place import Place, ReplacedSticker, RoomCheck
from .loans import Loan, LoanEvent
from .keys import Key
from .items import ItemType
from .rate_limit import RateLimitHit
from .handover import Handover, HandoverItem
from .alerts import Alert, Delivery
from .push import PushSubscription
from .patrol import Route, RouteStop, Plan, Round, RoundEvent, Visit, Finding

__all__ = ["Staff", "Estate", "Team", "Membership", "Area", "Building", "Unit", "Owner", "DispatchRule", "AuditEntry", "Duty", "Shift", "Rotation", "SwapRequest", "CalendarDay",
           "Ticket", "TicketEvent", "Revisit", "DayCounter", "ChangeCounter", "Photo", "Place",
           "ReplacedSticker", "RoomCheck", "Key", "ItemType", "Loan", "LoanEvent",
           "RateLimitHit", "Handover", "HandoverItem", "Alert", "Delivery", "PushSubscription",
           "Route", "RouteStop", "Plan", "Round", "RoundEvent", "Visit", "Finding"]
from .replay import ReplayedRequest  # noqa: E402 -- the outbox's idempotency keys (web/replay.py)
__all__ += ["ReplayedRequest"]
from .incidents import Incident, IncidentEvent  # noqa: E402 -- issue 15, the incident register
__all__ += ["Incident", "IncidentEvent"]
from .parcels import Parcel, ParcelEvent  # noqa: E402 -- issue 15, the parcel register
__all__ += ["Parcel", "ParcelEvent"]
from .visitors import BlockedVisitor, Visitor, VisitorEvent  # noqa: E402 -- issue 15, the visitor register
__all__ += ["Visitor", "VisitorEvent", "BlockedVisitor"]
from .storage import StoredItem, StorageEvent  # noqa: E402 -- issue 15, small-item storage
__all__ += ["StoredItem", "StorageEvent"]
from .surveys import FollowUp, SurveyAnswer, SurveyBallot, SurveyCampaign, SurveyQuestion  # noqa: E402 -- issue 16
__all__ += ["SurveyCampaign", "SurveyQuestion", "SurveyBallot", "SurveyAnswer", "FollowUp"]
from .stage_targets import StageTarget  # noqa: E402 -- issue 16
__all__ += ["StageTarget"]
