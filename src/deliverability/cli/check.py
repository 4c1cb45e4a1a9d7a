"""``deliverability check TARGET... [--file LIST]``: diagnose domains or addresses.

One target prints its report. Many (arguments, or ``--file`` with one per line, ``-`` for
stdin) are diagnosed concurrently over one shared resolver and streamed in the chosen
format as each finishes, followed by a summary table (on stdout for text, on stderr for the
machine formats) and, on a terminal, a progress bar on stderr.

Exit codes: 2 when an argument is wrong or a list line is not a target (the other lines are
still checked and reported), 3 when DNS answered for no target at all, 1 when a finding
fails the run (at or above ``--fail-on``, matched by no ``--ignore``, not in the
``--baseline``), otherwise 0. ``--save FILE`` writes the results in a second format too.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import itertools
import os
import stat
import sys
from collections.abc import AsyncGenerator, Iterator
from typing import TYPE_CHECKING, TextIO

# First, before anything imports dnspython's query modules.
from deliverability.cli import _dnspython  # noqa: F401  # isort: skip

from deliverability.advice.platform import PlatformError
from deliverability.baseline import BaselineError, Gate, check_patterns, load_baseline
from deliverability.batch import (
    DEFAULT_CONCURRENCY,
    MAX_CONCURRENCY,
    diagnose_many,
    from_arguments,
    from_lines,
    read_in_thread,
)
from deliverability.cli._exit import ExitCode
from deliverability.cli._options import (
    add_allow_private,
    add_dns,
    add_lang,
    add_platform,
    add_spamhaus_key,
    add_verbose,
    platform_from,
    positive_seconds,
    resolver_from,
    spamhaus_key_from,
    use_color,
)
from deliverability.cli._progress import Progress
from deliverability.context import DEFAULT_DEADLINE
from deliverability.diagnosis import DiagnosisOptions
from deliverability.dns import Resolver
from deliverability.errors import InputError
from deliverability.render import stream
from deliverability.render._escape import safe
from deliverability.render.summary import Summary
from deliverability.report import Severity
from deliverability.results import Item, Listed
from deliverability.target import TargetError, normalise_domain, parse_target

if TYPE_CHECKING:
    from deliverability.workers import Workers

FAIL_ON = ("warning", "error", "critical")
STDIN = "-"
AUTO_WORKERS = 8
"""Workers at most when ``--workers`` is not given: past a few, the shared concurrency is
spread too thin to hide DNS round trips in each."""
MAX_WORKERS = 256


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "targets",
        nargs="*",
        metavar="TARGET",
        help="a domain (example.fr) or an address (x@example.fr)",
    )
    parser.add_argument(
        "--file",
        metavar="LIST",
        help="also check the targets in LIST, one per line, '#' starts a comment; '-' reads stdin",
    )
    add_platform(parser)
    add_dns(parser)
    parser.add_argument(
        "--deadline",
        type=positive_seconds,
        default=DEFAULT_DEADLINE,
        metavar="S",
        help=f"seconds one diagnosis may take in all (default {DEFAULT_DEADLINE:g})",
    )
    parser.add_argument(
        "--concurrency",
        type=_concurrency,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"targets diagnosed at once (default {DEFAULT_CONCURRENCY})",
    )
    parser.add_argument(
        "--workers",
        type=_workers,
        metavar="N",
        help="processes diagnosing a list, sharing its targets (default: one per CPU, up to "
        f"{AUTO_WORKERS}, on Linux; 1 diagnoses in this process)",
    )
    parser.add_argument(
        "--format",
        choices=list(stream.FORMATS),
        default="text",
        help="output format (default text); jsonl, junit and github stream as targets finish",
    )
    parser.add_argument(
        "--dkim-selector",
        action="append",
        default=[],
        type=_selector,
        metavar="SELECTOR",
        help="also check this selector's DKIM key (repeatable; the platform's are always checked)",
    )
    parser.add_argument(
        "--common-dkim-selectors",
        action="store_true",
        help="also try the selectors many senders use (default, google, selector1, k1 …)",
    )
    parser.add_argument(
        "--smtp",
        action="store_true",
        help="also connect to each MX on port 25: STARTTLS, certificate, expiry (slow; often blocked)",
    )
    parser.add_argument(
        "--blocklists",
        action="store_true",
        help="also ask DNS blocklists (Spamhaus, Barracuda, SpamCop …) about the domain, its MX "
        "addresses and the platform's; off by default: the free lists' terms limit their use "
        "(docs/blocklists.md)",
    )
    add_spamhaus_key(parser, option="--blocklists")
    add_allow_private(parser)
    add_verbose(parser)
    add_lang(parser)
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="error",
        help="exit 1 when a finding is at least this severe (default error)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="CODE",
        help="leave out findings with this code; globs such as 'spf.*' work (repeatable)",
    )
    parser.add_argument(
        "--baseline",
        metavar="FILE",
        help="a previous json or jsonl run: fail only on findings it does not have",
    )
    parser.add_argument(
        "--save",
        action="append",
        default=[],
        metavar="FILE",
        help="also write the results to FILE, in the format its name ends with: .jsonl (a "
        "--baseline for the next run), .xml (JUnit), .json or .txt (repeatable)",
    )


def run(args: argparse.Namespace) -> int:
    if not args.targets and args.file is None:
        print("deliverability: check: give at least one TARGET or --file LIST", file=sys.stderr)
        return ExitCode.USAGE
    with contextlib.ExitStack() as stack:
        try:
            for text in args.targets:
                parse_target(text)
            formats = [_saved_format(path) for path in args.save]
            platform = platform_from(args)
            resolver = resolver_from(args)
            spamhaus_key = spamhaus_key_from(args)
            gate = Gate(
                fail_on=Severity(args.fail_on),
                ignore=check_patterns(args.ignore),
                baseline=load_baseline(args.baseline) if args.baseline else None,
            )
            lines, blocking = _open_list(args.file, stack)
            listed = itertools.chain(from_arguments(args.targets), lines)
            saved = [
                (format, stack.enter_context(_create(path)))
                for format, path in zip(formats, args.save, strict=True)
            ]
        except (TargetError, PlatformError, BaselineError, OSError, ValueError) as error:
            message = error.message(args.lang) if isinstance(error, InputError) else error
            print(f"deliverability: {safe(str(message))}", file=sys.stderr)
            return ExitCode.USAGE
        single = len(args.targets) == 1 and args.file is None
        source = read_in_thread(listed) if blocking else listed
        options = DiagnosisOptions(
            platform=platform,
            lang=args.lang,
            deadline=args.deadline,
            dkim_selectors=args.dkim_selector,
            common_dkim_selectors=args.common_dkim_selectors,
            smtp=args.smtp,
            blocklists=args.blocklists,
            spamhaus_key=spamhaus_key,
            allow_private=args.allow_private,
        )
        if not single:
            stack.enter_context(_collecting_for_a_batch())
        workers = None if single else _start_workers(args, resolver, options)
        if workers is None:
            results = diagnose_many(
                source, resolver=resolver, concurrency=args.concurrency, **options
            )
        else:
            stack.enter_context(workers)
            results = workers.diagnose(source, lang=args.lang)
        summary = asyncio.run(_check(results, args, single=single, gate=gate, saved=saved))
    if summary.targets + summary.invalid + summary.failed == 0:
        # An empty list checks nothing: a CI job must not go green on it.
        print(f"deliverability: {args.file}: no target in the list", file=sys.stderr)
        return ExitCode.USAGE
    if not single:
        machine = args.format != "text"
        (sys.stderr if machine else sys.stdout).write(
            ("" if machine else "\n") + summary.render(args.lang)
        )
    return exit_code(summary)


def exit_code(summary: Summary) -> ExitCode:
    """2 when a line was not a target, 4 when a diagnosis failed, 3 when DNS answered for no
    target, 1 when a finding fails."""
    if summary.invalid:
        return ExitCode.USAGE
    if summary.failed:
        return ExitCode.INTERNAL
    if summary.all_unavailable:
        return ExitCode.DNS_UNAVAILABLE
    if summary.failures:
        return ExitCode.FINDINGS
    return ExitCode.OK


async def _check(
    results: AsyncGenerator[Item, None],
    args: argparse.Namespace,
    *,
    single: bool,
    gate: Gate,
    saved: list[tuple[str, TextIO]],
) -> Summary:
    terminal = stream.Destination(
        gate, sys.stderr, single=single, color=use_color(sys.stdout), verbose=args.verbose
    )
    outputs = [stream.writer(args.format, sys.stdout, terminal)] + [
        stream.writer(
            format, handle, stream.Destination(gate, handle, single=single, verbose=args.verbose)
        )
        for format, handle in saved
    ]
    summary = Summary(gate)
    progress = Progress(sys.stderr, total=_total(args), enabled=not single)
    for writer in outputs:
        writer.begin()
    try:
        async with contextlib.aclosing(results):
            async for item in results:
                for writer in outputs:
                    writer.item(item)
                summary.add(item)
                progress.advance()
    finally:
        progress.close()
    for writer in outputs:
        writer.end()
    return summary


@contextlib.contextmanager
def _collecting_for_a_batch() -> Iterator[None]:
    """Keep start-up's objects out of the cyclic garbage collector for a batch.

    With the default thresholds, 1,000 domains cost about 1.9 CPU s of collections (of 16),
    each full collection walking the start-up's objects (modules, pydantic's validators)
    again. They will live as long as the process, so they are frozen out of every
    collection. The thresholds themselves stay Python's: collecting less often (a young
    collection every 10,000 or 50,000 new objects) let cycles holding large DNS answers
    live longer, and the hostile batches of ``benchmarks/bounds.py`` at ``--concurrency
    200`` peaked at 337 MB (crafted SPF trees, at 50,000) and 847 MB (3,000 wildcard names
    answering 60 KB each, at 10,000) instead of staying under 300 MB (docs/performance.md).

    Afterwards, for code that calls ``main`` and goes on (the tests): a collection of what
    the batch left in cycles, then start-up's objects are unfrozen.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.collect()
        gc.unfreeze()


def _start_workers(
    args: argparse.Namespace, resolver: Resolver, options: DiagnosisOptions
) -> Workers | None:
    """Fork the batch's workers (after start-up, before any thread: see
    :mod:`deliverability.workers`), or None to diagnose in this process."""
    if args.workers is None:
        from deliverability.workers import default_count  # noqa: PLC0415 (pickle: a batch's only)

        count = min(default_count(), AUTO_WORKERS, args.concurrency)
    else:
        count = args.workers
    if count < 2:
        return None
    from deliverability.workers import Workers  # noqa: PLC0415

    sys.stdout.flush()
    sys.stderr.flush()
    return Workers.start(count, resolver=resolver, concurrency=args.concurrency, **options)


def _total(args: argparse.Namespace) -> int | None:
    """How many targets the progress bar counts to: only known when the list is a file that
    can be read twice and a bar will show (a quick first pass over it)."""
    if args.file is None:
        return len(args.targets)
    if args.file == STDIN or not sys.stderr.isatty() or not os.path.isfile(args.file):
        return None
    with open(args.file, encoding="utf-8", errors="replace") as lines:
        return len(args.targets) + sum(1 for _ in from_lines(lines, source=args.file))


def _open_list(path: str | None, stack: contextlib.ExitStack) -> tuple[Iterator[Listed], bool]:
    """The ``--file`` list's targets, and whether reading it may block (a pipe, a terminal).

    Undecodable bytes become U+FFFD, so such a line fails as a target, not the whole run.
    """
    if path is None:
        return iter(()), False
    if path == STDIN:
        sys.stdin.reconfigure(errors="replace")  # type: ignore[union-attr]
        handle, source = sys.stdin, "<stdin>"
    else:
        try:
            handle = stack.enter_context(open(path, encoding="utf-8", errors="replace"))  # noqa: SIM115
        except OSError as exc:
            raise ValueError(f"--file {path}: cannot read it ({exc.strerror or exc})") from None
        source = path
    try:
        blocking = not stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
    except OSError:  # no file descriptor at all: assume the worst
        blocking = True
    return from_lines(handle, source=source), blocking


def _saved_format(path: str) -> str:
    format = stream.format_of(path)
    if format is None:
        endings = ", ".join(f.extension for f in stream.FORMATS.values() if f.extension)
        raise ValueError(f"--save {path!r}: the name must end with {endings}")
    return format


def _create(path: str) -> TextIO:
    """A --save file. Opened after the baseline was read, so both may name the same file."""
    return open(path, "w", encoding="utf-8")  # noqa: SIM115 (closed by the caller's ExitStack)


def _workers(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 1 to {MAX_WORKERS}")
    if int(text) > 1 and not hasattr(os, "fork"):
        raise argparse.ArgumentTypeError("worker processes are forked, which this system cannot do")
    return int(text)


def _concurrency(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_CONCURRENCY:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 1 to {MAX_CONCURRENCY}")
    return int(text)


def _selector(text: str) -> str:
    """A DKIM selector: one or more DNS labels (``dx1``, ``s1.mail``)."""
    try:
        normalise_domain(f"{text}._domainkey.example")
    except TargetError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a DKIM selector (DNS labels: letters, digits, - and _)"
        ) from None
    return text.lower()
