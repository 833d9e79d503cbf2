"""The application layer: the use cases that the CLI, the batch runner and the web app share.

Each use case is a plain function with typed inputs and results. They read the files people
give (through :class:`~slingcoach.app.sources.Source`: a path or uploaded bytes), call the
pure domain packages, and render the exports; the callers only parse their own input
(arguments, forms) and show the results. Storage-backed use cases take a
:class:`~slingcoach.storage.database.Database` and run in one transaction.

* :mod:`.sources` — a user's file: a path on this machine, or uploaded bytes with a name;
* :mod:`.intakes` — load and validate an intake, with the files it names;
* :mod:`.recordings` — analyse the recordings an intake names (sensor evidence);
* :mod:`.assessments` — assess an intake (recordings analysed by default);
* :mod:`.programs` — preferences from a request, then the program;
* :mod:`.exports` — JSON, HTML, PDF, iCalendar and CSV of assessments and programs;
* :mod:`.clients`, :mod:`.records` — clients, and the assessments and programs kept for them.

Importing this package imports none of them, so the CLI's start-up stays light.
"""
