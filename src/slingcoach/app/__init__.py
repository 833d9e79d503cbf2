"""The application layer: the use cases that the CLI, the batch runner and the web app share.

Each use case is a plain function with typed inputs and results; storage-backed ones take
a :class:`~slingcoach.storage.database.Database` and run in one transaction.
"""
