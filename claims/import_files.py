"""Importing files, one after another or several at once in worker processes.

Each file is read and checked, skipped when its content was imported before (unless asked to
import it again), extracted and stored in its own transaction (`claims.importing`). With
several jobs, worker processes each extract and store whole files: extraction, the costliest
part, runs in parallel, and the import lock keeps the documents' writes consistent.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pghistory
from django.conf import settings
from django.db import connection

from claims.importing import (
    DocumentRejected,
    ImportStats,
    already_imported,
    import_document,
    read_document,
)
from factbase.worker_processes import worker_context, worker_setup


@dataclass(frozen=True)
class FileOutcome:
    """What importing one file did; `problem` says why it failed, for the operator."""

    path: Path
    stats: ImportStats
    seconds: float
    problem: str = ""


@dataclass(frozen=True)
class Turns:
    """Whose turn it is to write, among files imported side by side: the files' order.

    Worker processes extract their files at the same time, but each file writes only after the
    files before it have written (or failed, or been skipped), so an import with several jobs
    stores what one job stores: which document states a claim first, or names an organisation
    first, decides what the others find.
    """

    condition: Any  # multiprocessing.Manager().Condition(), shared by the workers
    current: Any  # multiprocessing.Manager().Value("i", 0): the file whose turn it is

    def wait(self, index: int) -> None:
        with self.condition:
            self.condition.wait_for(lambda: self.current.value == index)

    def end(self, index: int) -> None:
        """Pass the turn on once file `index` is done (waiting for it first: a file skipped
        early must not pass on the turn of a file still writing before it)."""
        with self.condition:
            self.condition.wait_for(lambda: self.current.value == index)
            self.current.value = index + 1
            self.condition.notify_all()


def import_file(
    path: Path,
    *,
    dry_run: bool = False,
    again: bool = False,
    history: Mapping[str, object] | None = None,
    turns: Turns | None = None,
    index: int = 0,
) -> FileOutcome:
    """Import one file in one transaction; never raises for a bad or failing file.

    A file whose content was imported before is skipped without extraction, unless `again`.
    History events carry `history` and the file's name. With `turns`, the file is number
    `index` and writes in its turn.
    """
    started = time.monotonic()
    wait_turn = partial(turns.wait, index) if turns is not None else None
    try:
        text = read_document(path)
        if not again and already_imported(text):
            return FileOutcome(path, ImportStats(skipped=1), time.monotonic() - started)
        with pghistory.context(**(history or {}), file=path.name):
            stats = import_document(text, filename=path.name, dry_run=dry_run, wait_turn=wait_turn)
        return FileOutcome(path, stats, time.monotonic() - started)
    except DocumentRejected as rejected:
        problem = f"{rejected}; skipped."
    except Exception as error:  # one broken document must not stop the others
        problem = f"import failed ({type(error).__name__}: {error}); nothing from it was stored."
    finally:
        if turns is not None:
            turns.end(index)
    return FileOutcome(path, ImportStats(errors=1), time.monotonic() - started, problem)


def import_files(
    paths: Sequence[Path],
    *,
    jobs: int = 1,
    dry_run: bool = False,
    again: bool = False,
    history: Mapping[str, object] | None = None,
) -> Iterator[FileOutcome]:
    """Import `paths`, yielding each file's outcome as it finishes.

    With one job, files are imported in order in this process. With more, in that many worker
    processes (each with its own database connection), and outcomes come in completion order.
    """
    work = partial(import_file, dry_run=dry_run, again=again, history=dict(history or {}))
    jobs = max(1, min(jobs, len(paths)))
    if jobs == 1:
        for path in paths:
            yield work(path)
        return
    context = worker_context()
    with (
        context.Manager() as manager,
        ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=worker_setup,
            initargs=(
                context.get_start_method(),
                settings.DATABASE_URL,
                connection.settings_dict["NAME"],
            ),
        ) as pool,
    ):
        # Workers take files in order, so the file whose turn it is has always been taken.
        turns = Turns(manager.Condition(), manager.Value("i", 0))
        futures = [
            pool.submit(work, path, turns=turns, index=index) for index, path in enumerate(paths)
        ]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()
