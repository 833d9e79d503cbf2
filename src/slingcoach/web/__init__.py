"""The coaching web app (FastAPI): server-rendered pages with htmx and a JSON API under /api/.

Routes are thin: they parse the request, call the application layer (:mod:`slingcoach.app`)
and present the result. ``create_app`` in :mod:`slingcoach.web.app` builds the application.
"""
