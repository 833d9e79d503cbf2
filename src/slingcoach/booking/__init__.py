"""Booking (pure): a coach's strategy-session availability and the free slots it leaves.

- :mod:`.model`: weekly hours in the coach's time zone, session length, buffers, minimum
  notice, days off, and the slots and bookings on the time line (UTC);
- :mod:`.slots`: the free slots of a date range, minus existing bookings and their
  buffers, and the checks a booking, a cancellation or a reschedule must pass.

No I/O, no clock: ``now`` comes in as an argument. Times on the wire are UTC; a wall-clock
time is only ever made with :mod:`zoneinfo`, so daylight-saving changes are exact.
"""

from slingcoach.booking.model import Availability, Busy, Slot, Window
from slingcoach.booking.slots import (
    check_bookable,
    check_change_allowed,
    free_slots,
    slots_by_day,
)

__all__ = [
    "Availability",
    "Busy",
    "Slot",
    "Window",
    "check_bookable",
    "check_change_allowed",
    "free_slots",
    "slots_by_day",
]
