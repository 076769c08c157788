"""``cadre --help`` lists every sub-command with its help text."""

from __future__ import annotations

import subprocess
import sys

from cadre.cli import build_parser


def test_help_lists_the_sub_commands() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "cadre.cli", "--help"], capture_output=True, text=True, timeout=60
    ).stdout
    for name in (
        "up",
        "serve",
        "migrate",
        "createadmin",
        "worker",
        "beat",
        "demo",
        "audit-verify",
        "check",
        "test",
        "manage",
    ):
        assert f"    {name} " in out or f"    {name}\n" in out, name
    assert "migrate, load the demo data, and serve" in out


def test_each_sub_command_has_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():  # type: ignore[union-attr]
        assert p.description, name
