"""The routers of the web app, registered by ``create_app`` in this order.

Add one line per router (a module's ``router``); keep the list sorted by area.
"""

from __future__ import annotations

from fastapi import APIRouter

from slingcoach.web.routes import accounts, auth, booking, coach, library, me, messages

ROUTERS: list[APIRouter] = [
    auth.router,
    accounts.router,
    coach.router,
    booking.router,
    messages.router,
    library.router,
    me.router,
]
