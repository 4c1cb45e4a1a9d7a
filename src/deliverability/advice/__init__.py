"""Advice: the platform profile and the recommended changes."""

from deliverability.advice.platform import (
    Platform,
    PlatformError,
    load_platform,
    platform_from_mapping,
)

__all__ = ["Platform", "PlatformError", "load_platform", "platform_from_mapping"]
