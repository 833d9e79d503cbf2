"""``python -m slingcoach`` runs the CLI."""

from slingcoach.cli import main

main()
