"""Probes that only ask DNS: each gathers one check's facts through the run's resolver."""

from deliverability.probes import dkim, dmarc, mx, ptr

__all__ = ["dkim", "dmarc", "mx", "ptr"]
