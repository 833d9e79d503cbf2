"""anatomy package."""
