"""The support dashboard: a Flask app over the deliverability library (presentation only)."""

from webui.app import create_app

__all__ = ["create_app"]
