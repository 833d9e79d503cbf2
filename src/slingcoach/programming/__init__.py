"""programming package."""
