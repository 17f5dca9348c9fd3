"""How to run this program again, for sentences that say "run …": its name only when
PATH finds this very program.

After the README's setup the program is ``.venv/bin/comprimato-companion`` in the checkout,
not on PATH: a sentence saying ``comprimato-companion streams create`` would not work there.
"""

from __future__ import annotations

import os
import sys

from . import DIST_NAME


def program_command() -> str:
    """The command that starts this program, from any folder, shell-quoted.

    ``comprimato-companion`` when PATH finds this very program; else its full path (the
    sentence may be pasted into another terminal, in another folder);
    ``… -m comprimato_companion`` when it was started that way.
    """
    import shlex  # here: error modules import this one, and start-up is not to pay for it
    import shutil

    if getattr(sys, "frozen", False):  # a bundle: the executable is the program
        program = sys.executable
    else:
        program = sys.argv[0] if sys.argv and sys.argv[0] else ""
        if not program or os.path.basename(program) == "__main__.py":
            package = __name__.rpartition(".")[0]
            return f"{shlex.quote(os.path.abspath(sys.executable))} -m {package}"
    found = shutil.which(DIST_NAME)
    try:
        if found and os.path.samefile(found, program):
            return DIST_NAME
    except OSError:
        pass
    return shlex.quote(os.path.abspath(program))


def command_line(arguments: str) -> str:
    """``program_command()`` followed by ``arguments``: a command to tell the user to run."""
    return f"{program_command()} {arguments}"
