"""Generated secrets (the development secret key, the admin password) are private from the start."""

import os
import stat
import threading
from pathlib import Path

import pytest

from factbase import private_files


@pytest.fixture
def open_umask():
    """The most permissive umask: files would be world-readable unless created private."""
    previous = os.umask(0)
    yield
    os.umask(previous)


@pytest.fixture
def modes_while_writing(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The permission bits of every file at the moment a secret is written into it."""
    modes: list[int] = []
    real_write = os.write

    def write(descriptor, data):
        modes.append(stat.S_IMODE(os.fstat(descriptor).st_mode))
        return real_write(descriptor, data)

    monkeypatch.setattr(private_files.os, "write", write)
    return modes


def test_a_secret_is_never_in_a_file_others_can_read(tmp_path, open_umask, modes_while_writing):
    path = tmp_path / "admin_password"
    private_files.write_private_file(path, "s3cret\n")
    assert path.read_text() == "s3cret\n"
    assert modes_while_writing == [0o600]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["admin_password"]  # no temporary left


def test_a_rewritten_secret_replaces_the_old_one_privately(tmp_path, open_umask):
    path = tmp_path / "admin_password"
    path.write_text("old\n")
    path.chmod(0o644)
    private_files.write_private_file(path, "new\n")
    assert path.read_text() == "new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_secret_key_is_created_private_once_and_then_kept(
    tmp_path, open_umask, modes_while_writing
):
    path = tmp_path / "secret_key"
    first = private_files.read_or_create_private_file(path, create=lambda: "key-one")
    second = private_files.read_or_create_private_file(path, create=lambda: "key-two")
    assert first == second == "key-one"
    assert modes_while_writing == [0o600]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_processes_creating_the_secret_key_at_once_agree_on_one(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    barrier = threading.Barrier(8)
    keys: list[str] = []

    def start(number: int) -> None:
        barrier.wait()
        keys.append(private_files.read_or_create_private_file(path, create=lambda: f"key-{number}"))

    threads = [threading.Thread(target=start, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(keys)) == 1
    assert path.read_text() == keys[0]
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]
