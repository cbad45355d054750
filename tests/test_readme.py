"""The README documents what a user can run and ask for: it fails when one is missing."""

import re
from pathlib import Path

import pytest

from initiatives import urls as initiatives_urls
from initiatives.filters import PARAMETERS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(
    p.stem
    for app in ("imports", "initiatives", "catalogue")
    for p in (ROOT / app / "management" / "commands").glob("*.py")
    if not p.stem.startswith("_")
)
# Every environment variable the settings read: the quoted names in the settings and env modules.
VARIABLES = sorted(
    {
        name
        for module in ("settings.py", "env.py")
        for name in re.findall(
            r"[\"']((?:DJANGO|DATABASE|CACHE)_[A-Z0-9_]+)[\"']",
            (ROOT / "catalogue" / module).read_text(),
        )
    }
    - {"DJANGO_SETTINGS_MODULE"}
)
# The first cell of each row of the README's tables (where a variable is documented).
TABLE_KEYS = [line.split("|")[1] for line in README.splitlines() if line.startswith("| ")]


def test_the_readme_starts_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


@pytest.mark.parametrize("command", COMMANDS)
def test_every_management_command_is_in_the_readme(command):
    assert f"manage.py {command}" in README


@pytest.mark.parametrize("parameter", PARAMETERS)
def test_every_list_parameter_is_in_the_readme(parameter):
    assert f"| `{parameter}` |" in README


@pytest.mark.parametrize(
    "route",
    [str(p.pattern) for p in initiatives_urls.urlpatterns if "<" in str(p.pattern)],
)
def test_every_public_page_with_a_slug_is_in_the_readme(route):
    assert "`/" + route.replace("<slug:slug>", "<slug>") + "`" in README


@pytest.mark.parametrize("variable", VARIABLES)
def test_every_environment_variable_is_in_the_readme(variable):
    assert any(f"`{variable}`" in key for key in TABLE_KEYS)


@pytest.mark.parametrize(
    "command", ["axes_reset_username", "axes_reset_ip", "axes_reset", "axes_list_attempts"]
)
def test_the_unlock_commands_for_staff_are_in_the_readme(command):
    assert f"manage.py {command}" in README
