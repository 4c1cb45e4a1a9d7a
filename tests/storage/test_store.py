"""The embedded store: one SQLite file shared by threads and processes, bounded in time and bytes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from deliverability.report import Finding, Report, Severity
from deliverability.storage import MIGRATIONS, Reports, Store, default_path


class Clock:
    """A wall clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def _report(target: str, *, padding: int = 0) -> Report:
    evidence = [os.urandom(padding).hex()] if padding else []  # random: zlib cannot shrink it
    return Report(
        target=target,
        domain=target,
        checked_at=datetime(2026, 1, 1, tzinfo=UTC),
        duration_ms=1,
        dns_queries=0,
        findings=[
            Finding(
                code="mx.ok",
                check="mx",
                severity=Severity.OK,
                title="t",
                detail="d",
                fix="",
                evidence=evidence,
            )
        ],
    )


def test_a_report_survives_a_restart_until_it_expires(tmp_path: Path) -> None:
    clock = Clock()
    first = Store(tmp_path / "s.db", clock=clock)
    kept = Reports(first, "permalink", ttl=60).add(_report("a.example"))
    first.close()
    restarted = Reports(Store(tmp_path / "s.db", clock=clock), "permalink", ttl=60)
    found = restarted.get(kept)
    assert found is not None and found == _report("a.example")
    clock.now += 60
    assert restarted.get(kept) is None


def test_expired_rows_are_purged_from_the_file(tmp_path: Path) -> None:
    clock = Clock()
    store = Store(tmp_path / "s.db", clock=clock)
    reports = Reports(store, "permalink", ttl=10)
    reports.add(_report("old.example"))
    clock.now += 11
    assert store.purge() == 1
    reports.add(_report("new.example"))
    assert store.connection().execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 1


def test_the_byte_budget_evicts_the_oldest_reports_first(tmp_path: Path) -> None:
    clock = Clock()
    store = Store(tmp_path / "s.db", max_bytes=50_000, clock=clock)
    reports = Reports(store, "permalink", ttl=3600)
    ids = []
    for number in range(6):
        clock.now += 1
        ids.append(reports.add(_report(f"r{number}.example", padding=10_000)))
    assert reports.stored_bytes() <= 50_000
    assert reports.get(ids[0]) is None
    assert reports.get(ids[-1]) is not None
    kept = [report_id for report_id in ids if reports.get(report_id) is not None]
    assert kept == ids[len(ids) - len(kept) :]  # the newest, in order


def test_kinds_are_apart_but_share_the_byte_budget(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    links = Reports(store, "permalink", ttl=60)
    inbox = Reports(store, "inbox", ttl=60)
    report_id = links.add(_report("a.example"))
    assert inbox.get(report_id) is None
    assert links.stored_bytes() == inbox.stored_bytes() > 0


def test_two_processes_share_the_file(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    report_id = Reports(Store(path), "permalink", ttl=60).add(_report("shared.example"))
    child = (
        "import sys\n"
        "from deliverability.storage import Reports, Store\n"
        "reports = Reports(Store(sys.argv[1]), 'permalink', ttl=60)\n"
        "print(reports.get(sys.argv[2]).target)\n"
        "print(reports.add(reports.get(sys.argv[2])))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", child, str(path), report_id],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    target, written = result.stdout.split()
    assert target == "shared.example"
    assert Reports(Store(path), "permalink", ttl=60).get(written) is not None


def test_threads_write_and_read_at_once(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    reports = Reports(store, "permalink", ttl=60)
    found: list[bool] = []

    def work(number: int) -> None:
        for round_ in range(10):
            report_id = reports.add(_report(f"t{number}-{round_}.example"))
            found.append(reports.get(report_id) is not None)

    threads = [threading.Thread(target=work, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == [True] * 80


def test_the_file_is_in_wal_mode_owner_only_and_at_the_latest_schema(tmp_path: Path) -> None:
    store = Store(tmp_path / "deep" / "s.db")
    connection = store.connection()
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert (store.path.stat().st_mode & 0o777) == 0o600


def test_a_file_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(RuntimeError, match="newer"):
        Store(path)


def test_the_form_key_is_made_once_and_shared(tmp_path: Path) -> None:
    key = Store(tmp_path / "s.db").form_key()
    assert len(key) == 64
    assert Store(tmp_path / "s.db").form_key() == key


@pytest.mark.parametrize(
    ("environ", "expected"),
    (
        ({"DELIVERABILITY_DB": "/srv/links.db"}, Path("/srv/links.db")),
        (
            {"XDG_DATA_HOME": "/data"},
            Path("/data/deliverability/deliverability.sqlite3"),
        ),
    ),
)
def test_the_default_path(environ: dict[str, str], expected: Path) -> None:
    if sys.platform in ("win32", "darwin") and "XDG_DATA_HOME" in environ:
        pytest.skip("XDG applies to Linux and other Unixes")
    assert default_path(environ) == expected
