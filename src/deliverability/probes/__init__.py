"""Probes that only ask DNS: each gathers one check's facts through the run's resolver."""

from deliverability.probes import dmarc, mx

__all__ = ["dmarc", "mx"]
