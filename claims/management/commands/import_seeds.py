"""`manage.py import_seeds [PATH ...]`: raw scraped pages in; sources, claims, citations out."""

import os
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from claims.import_files import FileOutcome, import_files
from claims.importing import (
    ENTITIES_FIXTURE,
    MAX_DOCUMENT_BYTES,
    EntitiesRejected,
    ImportStats,
    load_entities,
)
from factbase.commands import HistoryCommand
from factbase.worker_processes import batch_cycle_collector


class Command(HistoryCommand):
    help = (
        "Import raw scraped pages (UTF-8 text, at most "
        f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB each): split them into sources, attribute "
        "quotes to speakers, find check-worthy statements, and store claims with anchored "
        "citations. A directory's entities.json (people and organisations with their other "
        "names) is loaded first. Each file is imported in one transaction; a bad file is "
        "reported and skipped, and the exit status is non-zero. A file whose content was "
        "imported before is skipped; importing again never remakes what a journalist deleted "
        "or merged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths",
            nargs="*",
            type=Path,
            help="Files or directories of *.txt files (default: seeds/).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be created, and write nothing.",
        )
        parser.add_argument(
            "--again",
            action="store_true",
            help="Extract and import files whose content was imported before, too (only "
            "passages never seen before are added).",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="Import this many files at once, in worker processes (default 1; at most "
            "the number of CPUs is useful; a dry run uses one).",
        )

    def handle(self, *args: object, **options: Any) -> None:
        if options["jobs"] < 1:
            raise CommandError("--jobs must be at least 1.")
        with batch_cycle_collector():
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        paths = options["paths"] or [Path(settings.BASE_DIR) / "seeds"]
        files = self._files(paths)
        dry_run = options["dry_run"]
        # A dry run loads the fixture too (so its report is what a real run would do) and rolls
        # everything back at the end, in this process; a real run commits the fixture, then
        # each file on its own.
        with transaction.atomic() if dry_run else nullcontext():
            self._load_entities(paths)
            failures = self._import_all(
                files,
                jobs=1 if dry_run else options["jobs"],
                dry_run=dry_run,
                again=options["again"],
            )
            if dry_run:
                transaction.set_rollback(True)
        if failures:
            raise CommandError(
                f"{len(failures)} of {len(files)} files failed: {', '.join(failures)}"
            )

    def _import_all(self, files: list[Path], *, jobs: int, dry_run: bool, again: bool) -> list[str]:
        outcomes: dict[Path, FileOutcome] = {}
        started = time.monotonic()
        with self._progress_bar(len(files)) as bar:
            for outcome in import_files(
                files,
                jobs=jobs,
                dry_run=dry_run,
                again=again,
                history={"command": self.command_name},
            ):
                outcomes[outcome.path] = outcome
                if outcome.problem:
                    self._error(bar, f"{outcome.path}: {outcome.problem}")
                self._progress(bar, outcome, len(outcomes), len(files), started)
        rows = [outcomes[path] for path in files]
        self._summary(rows, dry_run=dry_run)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{_files(len(files))} in {elapsed:.1f}s ({len(files) / elapsed:.1f} files/s, "
            f"{jobs} job{'s' if jobs > 1 else ''})"
        )
        return [outcome.path.name for outcome in rows if outcome.problem]

    def _load_entities(self, paths: list[Path]) -> None:
        """Load each directory's entities fixture, so the pages' organisations are known."""
        for directory in paths:
            fixture = directory / ENTITIES_FIXTURE
            if not (directory.is_dir() and fixture.exists()):
                continue
            try:
                with self.history_context(file=fixture.name):
                    created = load_entities(fixture)
            except EntitiesRejected as rejected:
                raise CommandError(f"{fixture}: {rejected}") from rejected
            self.stdout.write(f"{fixture}: {created} entities created")

    def _files(self, paths: list[Path]) -> list[Path]:
        files: list[Path] = []
        for path in paths:
            if path.is_dir():
                files.extend(sorted(path.glob("*.txt")))
            elif path.exists():
                files.append(path)
            else:
                raise CommandError(f"{path}: no such file or directory")
        if not files:
            raise CommandError(f"No *.txt files in {', '.join(map(str, paths))}")
        return list(dict.fromkeys(files))

    def _progress_bar(self, total: int) -> tqdm:
        """A bar with rate and ETA on a terminal; disabled (plain lines instead) otherwise."""
        return tqdm(
            total=total,
            unit="doc",
            file=self.stdout._out,
            disable=not self.stdout.isatty() or os.environ.get("TERM") == "dumb",
            dynamic_ncols=True,
        )

    def _error(self, bar: tqdm, message: str) -> None:
        if bar.disable:
            self.stderr.write(message)
        else:
            bar.write(message, file=self.stderr._out)

    def _progress(
        self, bar: tqdm, outcome: FileOutcome, done: int, total: int, started: float
    ) -> None:
        stats = outcome.stats
        if outcome.problem:
            what = "FAILED"
        elif stats.skipped:
            what = "skipped, imported before"
        else:
            what = f"{stats.sources} sources, {stats.claims} claims, {stats.citations} citations"
        if not bar.disable:
            bar.set_postfix_str(outcome.path.name, refresh=False)
            bar.update(1)
            return
        elapsed = time.monotonic() - started
        rate = done / elapsed if elapsed else 0.0
        left = f", about {(total - done) / rate:.0f}s left" if rate and done < total else ""
        self.stdout.write(
            f"[{done}/{total}] {outcome.path.name}: {what} ({outcome.seconds:.1f}s; "
            f"{rate:.1f} docs/s{left})"
        )

    def _summary(self, rows: list[FileOutcome], *, dry_run: bool) -> None:
        if all(outcome.stats.skipped for outcome in rows):
            self.stdout.write(
                f"Nothing to do: {_files(len(rows))} imported before (--again imports again)."
            )
            return
        total = ImportStats()
        for outcome in rows:
            total.add(outcome.stats)
        header: list[object] = ["file", *ImportStats.COLUMNS, "seconds"]
        table: list[list[object]] = [
            [outcome.path.name, *outcome.stats.row(), f"{outcome.seconds:.1f}"] for outcome in rows
        ]
        table.append(["total", *total.row(), f"{sum(o.seconds for o in rows):.1f}"])
        widths = [max(len(str(row[i])) for row in [header, *table]) for i in range(len(header))]
        self.stdout.write("")
        self.stdout.write("Dry run: nothing was written." if dry_run else "Import summary:")
        for row in [header, *table]:
            cells = [
                str(cell).ljust(widths[0]) if i == 0 else str(cell).rjust(widths[i])
                for i, cell in enumerate(row)
            ]
            self.stdout.write("  ".join(cells))


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"
