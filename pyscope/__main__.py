"""``python -m pyscope COMMAND ...``: pyscope's command line.

Each command lives in its own module, imported only when that command runs
(so ``--help`` stays fast).  Adding a command is one line in ``COMMANDS``;
the module provides::

    def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
        parser = subparsers.add_parser("name", help=..., description=...)
        parser.add_argument(...)
        parser.set_defaults(run=main)   # main(args: argparse.Namespace) -> int
        return parser

and returns the exit status from ``run``.
"""
import argparse
import importlib
import sys
from typing import List, NamedTuple, Optional, Sequence


class Command(NamedTuple):
    """One subcommand: its name, the module defining it, its one-line help."""
    name: str
    module: str
    help: str


COMMANDS: List[Command] = [
    Command("bench", "pyscope.bench",
            "time the hot paths on the C core, the pure twin (and TensorFlow)"),
    Command("ckpt", "pyscope.train._cli",
            "list, inspect and compare TensorFlow checkpoints"),
]


def _version() -> str:
    import pyscope
    return f"pyscope {pyscope.__version__} (backend {pyscope.__backend__!r})"


def build_parser(command: Optional[str] = None) -> argparse.ArgumentParser:
    """The top-level parser; only ``command``'s module is imported, the
    others are listed by name and help."""
    parser = argparse.ArgumentParser(
        prog="python -m pyscope",
        description="pyscope: TensorFlow 1.x scopes, unique names and variable "
                    "sharing, without TensorFlow.")
    parser.add_argument("--version", action="store_true",
                        help="print pyscope's version and live backend, then exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND",
                                       title="commands")
    for entry in COMMANDS:
        if entry.name == command:
            importlib.import_module(entry.module).add_parser(subparsers)
        else:
            subparsers.add_parser(entry.name, help=entry.help, add_help=False)
    return parser


def _command_in(argv: Sequence[str]) -> Optional[str]:
    """The first argument that is not an option: the command's name."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run ``python -m pyscope`` with ``argv`` (default: ``sys.argv[1:]``);
    returns the exit status.  Without a command it prints the help and
    returns 2 (a usage error, as argparse's)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_in(argv))
    args = parser.parse_args(argv)
    if args.version:
        print(_version())
        return 0
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    status: int = args.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
