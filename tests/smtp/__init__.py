"""Tests of deliverability.smtp: the MX probe, the submission test, replies, the address policy."""
