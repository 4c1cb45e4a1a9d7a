"""One target's failure, whatever it is, is that target's alone: the batch goes on."""

from __future__ import annotations

import asyncio
import math
from typing import Any

import pytest

from deliverability.baseline import Gate
from deliverability.batch import diagnose_many, from_arguments
from deliverability.cli._exit import ExitCode
from deliverability.cli.check import exit_code
from deliverability.diagnosis import diagnose
from deliverability.dns import Resolver
from deliverability.errors import OptionError
from deliverability.render.summary import Summary
from deliverability.report import Report
from deliverability.results import Item
from deliverability.target import Target


async def failing_for_warn(target: Target, **options: Any) -> Report:
    """The diagnosis, with a probe step that fails for one domain (through the batch's hook)."""
    if target.domain == "batch-warn.test":
        raise UnicodeError("encoding with 'idna' codec failed (a probe met a hostile name)")
    return await diagnose(target, **options)


def run(targets: list[str], resolver: Resolver, **options: Any) -> list[Item]:
    async def collect() -> list[Item]:
        return [
            item
            async for item in diagnose_many(from_arguments(targets), resolver=resolver, **options)
        ]

    return asyncio.run(collect())


def test_a_failing_diagnosis_is_an_error_item_and_the_others_go_on(resolver: Resolver) -> None:
    targets = ["batch-ok.test", "batch-warn.test", "batch-null.test", "not a domain"]
    items = run(targets, resolver, diagnosis=failing_for_warn, concurrency=2)
    by_target = {item.listed.text: item for item in items}
    assert set(by_target) == set(targets)
    failed = by_target["batch-warn.test"]
    assert failed.report is None and failed.failed
    assert failed.error is not None
    assert "UnicodeError" in failed.error and "the other targets go on" in failed.error
    assert by_target["batch-ok.test"].report is not None
    assert by_target["batch-null.test"].report is not None
    assert not by_target["not a domain"].failed  # a bad line is the input's fault, not a failure


def test_the_failure_is_said_in_french(resolver: Resolver) -> None:
    (item,) = run(["batch-warn.test"], resolver, diagnosis=failing_for_warn, lang="fr")
    assert item.error is not None and "les autres cibles continuent" in item.error


def test_a_failed_target_makes_the_run_an_internal_error(resolver: Resolver) -> None:
    items = run(["batch-ok.test", "batch-warn.test"], resolver, diagnosis=failing_for_warn)
    summary = Summary(Gate())
    for item in items:
        summary.add(item)
    assert (summary.targets, summary.failed, summary.invalid) == (1, 1, 0)
    assert exit_code(summary) is ExitCode.INTERNAL
    assert "failed (error of the tool)" in summary.render("en")


@pytest.mark.parametrize("deadline", (-1, math.nan))
def test_an_unusable_deadline_is_refused_once_for_the_whole_batch(
    resolver: Resolver, deadline: float
) -> None:
    with pytest.raises(OptionError, match="deadline"):
        run(["batch-ok.test", "batch-warn.test"], resolver, deadline=deadline)
