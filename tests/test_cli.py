"""``python -m pyscope``: the command table, --help, --version, and the
interface a command module provides (``add_parser(subparsers)``)."""
import subprocess
import sys
import types

import pytest

import pyscope
from pyscope import __main__ as cli


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main(["--help"])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: python -m pyscope")
    for command in cli.COMMANDS:
        assert command.name in out and command.help in out


def test_no_command_prints_help_and_exits_2(capsys):
    assert cli.main([]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "usage: python -m pyscope" in captured.err and "bench" in captured.err


def test_version(capsys, backend):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == f"pyscope {pyscope.__version__} (backend {backend!r})\n"


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main(["benhc"])
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'benhc'" in err and "'bench'" in err


def test_help_imports_no_command_module():
    code = ("import sys\nfrom pyscope.__main__ import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('pyscope.bench' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stderr.strip() == "False"


def test_python_dash_m_entry_point():
    done = subprocess.run([sys.executable, "-m", "pyscope", "--version"],
                          capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.startswith(f"pyscope {pyscope.__version__} (backend ")
    done = subprocess.run([sys.executable, "-m", "pyscope"], capture_output=True, text=True)
    assert done.returncode == 2 and "commands:" in done.stderr


def test_a_command_is_one_registration(monkeypatch, capsys):
    """The interface documented in pyscope/__main__.py: the module's
    add_parser registers the subcommand and sets ``run``."""
    module = types.ModuleType("pyscope_fake_command")

    def add_parser(subparsers):
        parser = subparsers.add_parser("echo", description="repeat a word")
        parser.add_argument("word")
        parser.add_argument("--times", type=int, default=1)
        parser.set_defaults(run=lambda args: print(" ".join([args.word] * args.times)) or 7)
        return parser

    module.add_parser = add_parser
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(cli, "COMMANDS", cli.COMMANDS + [
        cli.Command("echo", module.__name__, "repeat a word")])
    assert cli.main(["echo", "hi", "--times", "3"]) == 7
    assert capsys.readouterr().out == "hi hi hi\n"
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "repeat a word" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit:
        cli.main(["echo"])  # the command's own usage error
    assert exit.value.code == 2
    assert "the following arguments are required: word" in capsys.readouterr().err


@pytest.mark.parametrize("command", cli.COMMANDS, ids=[c.name for c in cli.COMMANDS])
def test_every_registered_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main([command.name, "--help"])
    assert exit.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: python -m pyscope {command.name}")
