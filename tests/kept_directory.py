"""A directory made once per key and kept in the temporary directory for later runs and other
checkouts: a data directory migrated from nothing is the same for every run of the same
migrations, and making it is one of the longest set-ups of the suite.

The key says everything the directory depends on (the migrations' digest, the server binaries);
a new key makes a new directory, and directories of this kind unused for a day are removed. A
build cut short (Ctrl-C, a failing migration) leaves only its own scratch directory, removed by
the next build: the directory appears under its name only once complete.
"""

import fcntl
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

STALE_AFTER_SECONDS = 24 * 3600


def kept_directory(
    prefix: str,
    key: str,
    build: Callable[[Path], Path],
    *,
    owner: str | None = None,
) -> Path:
    """The kept directory `prefix` + a digest of `key`, made by `build` if missing.

    `build(scratch)` makes the directory's content under `scratch`, a new directory beside the
    kept ones (owned by the system user `owner` if given), and returns the path to keep there;
    the rest of the scratch directory is removed afterwards.
    """
    # On disk, not in memory: kept between runs (copied from the page cache all the same).
    kept = Path(tempfile.gettempdir())
    path = kept / f"{prefix}{hashlib.sha256(key.encode()).hexdigest()[:12]}"
    # One run at a time builds it.
    with (kept / f"{prefix.rstrip('-')}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for other in kept.glob(f"{prefix}*"):
            building = other.name.startswith(f"{prefix}build-")  # none now: the lock is held
            unused = time.time() - other.stat().st_mtime > STALE_AFTER_SECONDS
            if other != path and other.is_dir() and (building or unused):
                shutil.rmtree(other, ignore_errors=True)
        if not path.is_dir():
            directory = Path(tempfile.mkdtemp(prefix=f"{prefix}build-", dir=kept))
            if owner:
                shutil.chown(directory, owner)
            try:
                build(directory).rename(path)
            finally:
                shutil.rmtree(directory, ignore_errors=True)
        os.utime(path)  # in use: not removed as unused
    return path
