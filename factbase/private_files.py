"""Files only their owner may read (the development secret key, the generated admin password).

Each is written to a temporary file that is private from the moment it exists (`mkstemp` creates
it with mode 0600 whatever the umask) and then moved into place, so there is never a moment when
the secret sits in a file others can read, and a reader never sees half a file.
"""

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def _private_temporary_copy(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.write(descriptor, text.encode())
        os.fsync(descriptor)
    except BaseException:
        os.close(descriptor)
        os.unlink(temporary)
        raise
    os.close(descriptor)
    return Path(temporary)


def write_private_file(path: Path, text: str) -> None:
    """Write `text` to `path` (replacing it), readable and writable by its owner only."""
    temporary = _private_temporary_copy(path, text)
    os.replace(temporary, path)


def read_or_create_private_file(path: Path, *, create: Callable[[], str]) -> str:
    """The text of `path`; if it does not exist, `create()` is written there privately first.

    Processes starting at once agree on one text: the first to link its file into place wins and
    the others read it.
    """
    if not path.exists():
        temporary = _private_temporary_copy(path, create())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text().strip()
