"""What an install gives: a light start-up, and clear words where an extra is missing.

Each case runs in a fresh interpreter, because what matters is what a process loads. A
missing extra is simulated the way Python itself reports one: ``sys.modules[name] = None``
makes any import of ``name`` raise ImportError.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

import deliverability
from deliverability.demo import world

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pydantic", "dns", "aiosmtplib", "flask", "babel", "aiosmtpd", "trustme", "werkzeug")


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def _loaded_after(code: str) -> list[str]:
    """The HEAVY libraries in ``sys.modules`` once ``code`` has run."""
    done = _python(
        f"import sys\n{code}\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    )
    return ast.literal_eval(done.stderr.strip().splitlines()[-1])


def test_import_loads_no_library() -> None:
    assert _loaded_after("import deliverability") == []


@pytest.mark.parametrize("argument", ["--help", "--version"])
def test_help_and_version_load_no_library(argument: str) -> None:
    code = f"from deliverability.cli import main\nassert main([{argument!r}]) == 0"
    assert _loaded_after(code) == []


def test_a_command_loads_only_what_it_needs() -> None:
    loaded = _loaded_after("from deliverability.cli import main\nmain(['schema'])")
    assert "pydantic" in loaded and "flask" not in loaded and "aiosmtpd" not in loaded


def test_a_command_freezes_what_it_imported_and_leaves_the_collector_on() -> None:
    done = _python(
        "import gc, sys\nfrom deliverability.cli import main\nmain(['schema'])\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 0, file=sys.stderr)"
    )
    assert done.stderr.split()[-2:] == ["True", "True"], done.stderr


def test_the_command_line_resolver_has_no_doh_and_keeps_idna_2008() -> None:
    # cli/_dnspython.py turns DoH and DoQ off and tells dnspython that idna is there rather
    # than letting it read every distribution's metadata: names still convert by IDNA 2008.
    done = _python(
        "import sys\nimport deliverability.cli._dnspython\nimport dns.asyncresolver, dns.query\n"
        "from deliverability.target import parse_target\n"
        "print('h2' in sys.modules, parse_target('faß.de').domain, file=sys.stderr)"
    )
    assert done.stderr.split()[-2:] == ["False", "xn--fa-hia.de"], done.stderr


def test_check_loads_the_smtp_reply_table_only_when_a_server_refused() -> None:
    done = _python(
        "import sys\nimport deliverability.cli.check\n"
        "print('deliverability.checks.replies' in sys.modules, file=sys.stderr)"
    )
    assert done.stderr.split()[-1:] == ["False"], done.stderr


def test_check_loads_the_workers_only_for_a_list() -> None:
    # Forking workers needs pickle and the workers module: a batch's cost, not one domain's.
    done = _python(
        "import sys\nimport deliverability.cli.check\n"
        "print([m for m in ('deliverability.workers', 'pickle') if m in sys.modules], file=sys.stderr)"
    )
    assert done.stderr.splitlines()[-1:] == ["[]"], done.stderr


def test_a_domain_check_builds_no_validator_but_the_provider_datas() -> None:
    # Validators are built on first use (defer_build), and what the probes and rules build
    # (facts, findings, the report) is constructed, not validated: mypy checks those calls
    # (the pydantic plugin types ``model_construct``), and tests/conftest.py checks each
    # report a test builds against the validators. A domain check so builds one validator:
    # the provider data's, which is input.
    done = _python(
        "import sys\nfrom importlib.resources import as_file\n"
        "from deliverability.cli import main\nfrom deliverability.demo import world\n"
        "from deliverability.testing import DnsServer\n"
        "from deliverability.facts import DmarcFacts, Facts, MessageFacts, SpfFacts\n"
        "from deliverability.facts.phrase import Phrase\n"
        "from deliverability.providers.model import Provider\n"
        "from deliverability.report import Finding, Report\n"
        "with as_file(world()) as demo, DnsServer.from_directory(demo / 'zones') as server:\n"
        "    code = main(['check', '--nameserver', server.address, 'healthy.example'])\n"
        "models = (Provider, DmarcFacts, SpfFacts, Phrase, Finding, Facts, MessageFacts, Report)\n"
        "print(code, *[m.__pydantic_complete__ for m in models], file=sys.stderr)"
    )
    assert done.stderr.split()[-9:] == ["0", "True"] + ["False"] * 7, done.stderr


def test_models_annotations_are_objects_not_strings() -> None:
    # pydantic evaluates each string annotation of a model when its class is created,
    # compiling the string again: 2 % of a check's start-up. Modules that define models
    # therefore do without ``from __future__ import annotations``.
    package = ROOT / "src"
    stringified = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defines_model = any(
            isinstance(node, ast.ClassDef)
            and any(getattr(base, "id", None) in {"Model", "BaseModel"} for base in node.bases)
            for node in ast.walk(tree)
        )
        postponed = any(
            isinstance(node, ast.ImportFrom)
            and node.module == "__future__"
            and any(alias.name == "annotations" for alias in node.names)
            for node in tree.body
        )
        if defines_model and postponed:
            stringified.append(str(path.relative_to(package)))
    assert stringified == []


def test_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "deliverability", "--version"], capture_output=True, text=True
    )
    assert (done.returncode, done.stdout) == (0, f"deliverability {deliverability.__version__}\n")


def test_public_names_resolve_lazily_to_their_modules() -> None:
    from deliverability.report import Report

    assert deliverability.Report is Report
    assert set(dir(deliverability)) >= set(deliverability.__all__)


def test_serve_without_the_web_extra_says_which_extra(tmp_path: Path) -> None:
    done = _python(
        "import sys\nsys.modules['flask'] = None\n"
        "from deliverability.cli import main\nraise SystemExit(main(['serve', '--port', '0']))"
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "pip install 'deliverability[web]'" in done.stderr and "flask" in done.stderr


def test_the_inbox_without_the_web_extra_says_which_extra(tmp_path: Path) -> None:
    done = _python(
        "import sys\nsys.modules['aiosmtpd'] = None\n"
        "from deliverability.cli import main\n"
        f"raise SystemExit(main(['inbox', '--inbox-domain', 'inbox.example.com', "
        f"'--smtp-listen', '127.0.0.1:0', '--db', {str(tmp_path / 'store.db')!r}]))"
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "pip install 'deliverability[web]'" in done.stderr and "aiosmtpd" in done.stderr


@pytest.mark.parametrize("missing", ["aiosmtpd", "trustme"])
def test_smtp_test_servers_without_the_testing_extra_say_which_extra(missing: str) -> None:
    done = _python(
        f"import sys\nsys.modules[{missing!r}] = None\n"
        "from deliverability.testing import DnsServer  # needs no extra\n"
        "from deliverability.testing import SmtpServer"
    )
    assert "ImportError" in done.stderr
    assert f"'testing' extra ({missing} is missing)" in done.stderr
    assert "pip install 'deliverability[testing]'" in done.stderr


def test_the_demo_world_is_package_data() -> None:
    demo = world()
    assert demo == files("deliverability.demo")
    assert {"demo-targets.txt", "platform.toml", "zones"} <= {p.name for p in demo.iterdir()}
    assert len([p for p in (demo / "zones").iterdir() if p.name.endswith(".zone")]) >= 10


def test_the_wheel_ships_the_data_globs() -> None:
    # What setuptools puts in a wheel: the demo world, the typing marker, the catalogues.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = project["tool"]["setuptools"]["package-data"]
    assert "py.typed" in package_data["*"] and "zones/*.zone" in package_data["deliverability.demo"]
    assert (ROOT / "src" / "deliverability" / "py.typed").exists()


def test_the_core_install_has_no_dashboard_or_test_server() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = " ".join(project["dependencies"]).lower()
    assert not any(name in core for name in ("flask", "aiosmtpd", "trustme"))
    assert project["license"] == "MIT" and (ROOT / "LICENSE").exists()
    dev = " ".join(project["optional-dependencies"]["dev"])
    assert "deliverability[web,testing]" in dev
