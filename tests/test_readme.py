"""The README's configuration table and CLI examples match what the code reads and accepts."""

import re
from pathlib import Path

import click

from corrigenda.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
# Where the environment is read: settings and the CLI, the set-up scripts, the tests.
ENVIRONMENT_READERS = [
    *sorted((ROOT / "src" / "corrigenda").rglob("*.py")),
    *sorted((ROOT / "scripts").iterdir()),
    *sorted((ROOT / "tests").rglob("*.py")),
]
# Set by the CLI for Django itself, not by an operator.
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE"}


def _configuration_table() -> set[str]:
    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z0-9_]+)` \|", section, re.M))


def _variables_read() -> set[str]:
    names = set()
    for path in ENVIRONMENT_READERS:
        if path == Path(__file__).resolve():
            continue
        text = path.read_text(errors="replace")
        names |= set(re.findall(r"""environ(?:\.get)?\(\s*["']([A-Z0-9_]+)["']""", text))
        names |= set(re.findall(r"""environ\[["']([A-Z0-9_]+)["']\]""", text))
        names |= set(re.findall(r"_env_(?:bool|list)\(\s*\"([A-Z0-9_]+)\"", text))
        # Shell: ${NAME:-default} and ${NAME:-}.
        names |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+):-", text))
    return names - NOT_SETTINGS


def test_the_configuration_table_lists_exactly_the_variables_the_code_reads():
    assert _configuration_table() == _variables_read()


def test_every_command_and_option_the_readme_names_exists():
    commands = main.commands
    uses = re.findall(r"corrigenda ([a-z]+)((?: [^\n`|]*)?)", README)
    assert uses
    for name, rest in uses:
        assert name in commands, f"README names `corrigenda {name}`"
        command = commands[name]
        if isinstance(command, click.Group):
            # A group's options belong to the subcommand named next ("style import-vale").
            subcommand, _, rest = rest.strip().partition(" ")
            assert subcommand in command.commands, f"README names `corrigenda {name} {subcommand}`"
            command = command.commands[subcommand]
        options = {"--help"} | {
            option
            for param in command.params
            if isinstance(param, click.Option)
            for option in (*param.opts, *param.secondary_opts)
        }
        for option in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", rest):
            if name == "manage":
                continue
            assert option in options, f"README names `corrigenda {name} {option}`"
