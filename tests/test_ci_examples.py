"""The CI examples (examples/ci/) parse, read files that exist, install from a pinned VCS
reference, and have a way to accept today's findings as the baseline."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from deliverability.advice.platform import load_platform
from deliverability.batch import from_lines
from deliverability.target import parse_target

ROOT = Path(__file__).resolve().parents[1]
CI = ROOT / "examples" / "ci"
EXAMPLES = {"github-actions.yml": "env", "gitlab-ci.yml": "variables"}
PINNED = re.compile(r'pip install "deliverability @ git\+https://github\.com/[^"@ ]+@[^"\s]+"')


def _load(name: str) -> dict[str, Any]:
    loaded = yaml.safe_load((CI / name).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.mark.parametrize(("name", "section"), EXAMPLES.items())
def test_the_files_named_exist_and_are_valid(name: str, section: str) -> None:
    files = _load(name)[section]
    listed = (ROOT / files["LIST"]).read_text(encoding="utf-8").splitlines()
    targets = [parse_target(item.text) for item in from_lines(listed, source=files["LIST"])]
    assert targets
    load_platform(ROOT / files["PLATFORM"])


@pytest.mark.parametrize("name", EXAMPLES)
def test_installs_a_pinned_vcs_reference(name: str) -> None:
    text = (CI / name).read_text(encoding="utf-8")
    assert PINNED.search(text), "install from a pinned git reference"
    assert not re.search(r"pip install (-\S+ )*deliverability\b(?! @)", text)


def test_github_can_accept_the_baseline_by_hand() -> None:
    workflow = _load("github-actions.yml")
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["workflow_dispatch"]["inputs"]["accept"]["type"] == "boolean"
    steps = workflow["jobs"]["customer-domains"]["steps"]
    accept = [step for step in steps if step.get("if") == "${{ inputs.accept }}"]
    assert accept and "--baseline" not in accept[0]["run"]
    assert "--save tonight.jsonl" in accept[0]["run"]


def test_gitlab_can_accept_the_baseline_by_hand() -> None:
    pipeline = _load("gitlab-ci.yml")
    job = pipeline["deliverability-accept-baseline"]
    assert any(rule.get("when") == "manual" for rule in job["rules"])
    script = " ".join(job["script"])
    assert "--baseline" not in script and "baseline/results.jsonl" in script
    assert "baseline/" in pipeline[job["extends"]]["cache"]["paths"]
