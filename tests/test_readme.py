"""The README documents what a user can run and ask for: it fails when one is missing."""

from pathlib import Path

import pytest

from initiatives.filters import PARAMETERS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(
    p.stem
    for p in (ROOT / "imports" / "management" / "commands").glob("*.py")
    if not p.stem.startswith("_")
)


def test_the_readme_starts_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


@pytest.mark.parametrize("command", COMMANDS)
def test_every_management_command_is_in_the_readme(command):
    assert f"manage.py {command}" in README


@pytest.mark.parametrize("parameter", PARAMETERS)
def test_every_list_parameter_is_in_the_readme(parameter):
    assert f"| `{parameter}` |" in README
