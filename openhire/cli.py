"""The ``openhire`` command.

Web and worker commands (``serve``, ``worker``, ``manage``, ``demo``) boot Django. The AI commands
(``resume``, ``screen``, ``transcribe``, ``score``, ``eval``) are plain Python from
``openhire.ai.cli`` and never touch the database, so they run anywhere the package is installed.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each module exposes ``register(root, groups)``: ``root`` is the top-level subparsers action,
# ``groups`` maps a group command (``resume``, ``score``, ``eval``, ``train``) to its subparsers action.
AI_COMMAND_MODULES = (
    "openhire.ai.cli.resume",
    "openhire.ai.cli.ner",
    "openhire.ai.cli.screen",
    "openhire.ai.cli.speech",
    "openhire.ai.cli.score",
)
GROUPS = {
    "resume": "parse resumes and tag entities",
    "score": "score interview answers",
    "eval": "measure an AI stage on labelled data",
    "train": "fit an AI model from labelled data",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="openhire", description="openhire: recruiting with an AI interview")
    root = parser.add_subparsers(dest="command", metavar="COMMAND")
    root.required = True

    from openhire import web_cli

    web_cli.register(root)

    groups: dict[str, argparse._SubParsersAction[argparse.ArgumentParser]] = {}
    for name, help_text in GROUPS.items():
        group = root.add_parser(name, help=help_text)
        sub = group.add_subparsers(dest=f"{name}_command", metavar="SUBCOMMAND")
        sub.required = True
        groups[name] = sub
    for module_name in AI_COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.register(root, groups)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    result = args.func(args)
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
