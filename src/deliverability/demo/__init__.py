"""The demo world, shipped with the package: ``deliverability demo`` works from any install.

``zones/`` holds the DNS of a few customer domains, each showing one common problem, and of
the demo platform; ``demo-targets.txt`` lists what the demo diagnoses; ``platform.toml`` is
the demo platform's profile (a complete example of one).
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def world() -> Traversable:
    """The folder holding ``zones/``, ``demo-targets.txt`` and ``platform.toml``."""
    return files(__name__)
