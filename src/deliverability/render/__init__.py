"""Renderers: a Report (or several) to text for people, or to machine formats."""
