"""slingcoach: find and fix left/right imbalances of the glutes and back.

The domain packages (``anatomy``, ``exercises``, ``assessment``, ``signals``,
``programming``, ``tracking``) are pure: no files, database, clock or network.
``reports`` and ``cli`` wrap them.
"""

__version__ = "0.1.0"
