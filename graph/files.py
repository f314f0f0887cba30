"""Files only their owner may read: the data directory and the databases in it.

The data directory holds every email address and every token hash, so it is ``0700``
and each file Convene keeps there is ``0600``, whatever the process's umask. Modes are
set when a file is created and tightened each time it is opened, so a directory made
by an older version (or by hand) is fixed on the next start.

Examples
--------
>>> import tempfile
>>> data_dir = private_dir(Path(tempfile.mkdtemp()) / "data")
>>> oct(data_dir.stat().st_mode & 0o777)
'0o700'
>>> oct(private_file(data_dir / "convene.sqlite3").stat().st_mode & 0o777)
'0o600'
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

__all__ = ["DIR_MODE", "FILE_MODE", "SQLITE_SIDECARS", "private_dir", "private_file"]

DIR_MODE = 0o700
FILE_MODE = 0o600

# The files SQLite keeps next to a database: the write-ahead log, its index, and the
# rollback journal.
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")

log = logging.getLogger(__name__)


def _tighten(path: Path, mode: int) -> None:
    try:
        current = stat.S_IMODE(path.stat().st_mode)
        if current != mode:
            path.chmod(mode)
    except FileNotFoundError:
        return
    except PermissionError:
        log.warning("cannot restrict %s to mode %o: it belongs to another user", path, mode)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) if missing and make it ``0700``.

    Parameters
    ----------
    path
        The directory.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    OSError
        When the directory cannot be created.

    Examples
    --------
    >>> import tempfile
    >>> oct(private_dir(Path(tempfile.mkdtemp()) / "a" / "b").stat().st_mode & 0o777)
    '0o700'
    """
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    _tighten(path, DIR_MODE)
    return path


def private_file(path: Path, sidecars: tuple[str, ...] = SQLITE_SIDECARS) -> Path:
    """Create ``path`` empty if missing, and make it and its ``sidecars`` ``0600``.

    The file is created with its final mode in one step (``O_CREAT`` with ``0600``
    cannot be widened by a umask), so there is no moment when others may open it.
    SQLite gives the sidecar files it creates later the database file's mode.

    Parameters
    ----------
    path
        The file.
    sidecars
        Suffixes of files kept next to it (by default SQLite's ``-wal``, ``-shm``
        and ``-journal``); those that exist are tightened too.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    OSError
        When the file cannot be created.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "tokens.sqlite3"
    >>> oct(private_file(path).stat().st_mode & 0o777)
    '0o600'
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_CREAT, FILE_MODE)
    os.close(descriptor)
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in sidecars)):
        _tighten(candidate, FILE_MODE)
    return path
