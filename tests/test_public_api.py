"""The public API changes only on purpose: __all__ is pinned here."""

from __future__ import annotations

import inspect

import deliverability


def test_exported_members() -> None:
    assert deliverability.__all__ == [
        "Change",
        "DeliverabilityError",
        "Facts",
        "Finding",
        "InputError",
        "MessageTooLarge",
        "Platform",
        "PlatformError",
        "Report",
        "Severity",
        "Target",
        "TargetError",
        "__version__",
        "analyse_message",
        "analyse_message_sync",
        "diagnose",
        "diagnose_sync",
        "load_platform",
        "parse_target",
    ]
    for name in deliverability.__all__:
        assert hasattr(deliverability, name)


def test_subpackages_load_on_first_use() -> None:
    assert inspect.iscoroutinefunction(deliverability.spf.check_host)
    assert deliverability.dns.Resolver is not None


def test_sync_twin_has_the_same_signature() -> None:
    assert (
        inspect.signature(deliverability.diagnose_sync).parameters
        == inspect.signature(deliverability.diagnose).parameters
    )


def test_sync_twin_diagnoses(dns_server) -> None:
    report = deliverability.diagnose_sync(
        "mx-ok.test", resolver=deliverability.dns.Resolver([dns_server.address])
    )
    assert "mx.ok" in report.codes()


def test_sync_message_twin_has_the_same_signature() -> None:
    assert (
        inspect.signature(deliverability.analyse_message_sync).parameters
        == inspect.signature(deliverability.analyse_message).parameters
    )


def test_errors_are_value_errors() -> None:
    assert issubclass(deliverability.TargetError, ValueError)
    assert issubclass(deliverability.PlatformError, ValueError)


def test_every_input_error_is_caught_by_one_base() -> None:
    for error in (deliverability.TargetError, deliverability.PlatformError):
        assert issubclass(error, deliverability.InputError)
        assert issubclass(error, ValueError)
        assert issubclass(error, deliverability.DeliverabilityError)
    assert issubclass(deliverability.MessageTooLarge, deliverability.InputError)
