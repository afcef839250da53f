"""`manage.py import_seeds [PATH ...]`: raw scraped pages in; sources, claims, citations out."""

import time
from contextlib import nullcontext
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.db import transaction

from claims.importing import (
    ENTITIES_FIXTURE,
    MAX_DOCUMENT_BYTES,
    DocumentRejected,
    EntitiesRejected,
    ImportStats,
    import_document,
    load_entities,
    read_document,
)
from factbase.commands import HistoryCommand


class Command(HistoryCommand):
    help = (
        "Import raw scraped pages (UTF-8 text, at most "
        f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB each): split them into sources, attribute "
        "quotes to speakers, find check-worthy statements, and store claims with anchored "
        "citations. A directory's entities.json (people and organisations with their other "
        "names) is loaded first. Each file is imported in one transaction; a bad file is "
        "reported and skipped, and the exit status is non-zero. Re-running changes nothing."
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

    def handle(self, *args: object, **options: object) -> None:
        paths = options["paths"] or [Path(settings.BASE_DIR) / "seeds"]
        files = self._files(paths)
        dry_run = options["dry_run"]
        # A dry run loads the fixture too (so its report is what a real run would do) and rolls
        # everything back at the end; a real run commits the fixture, then each file on its own.
        with transaction.atomic() if dry_run else nullcontext():
            self._load_entities(paths)
            failures = self._import_all(files, dry_run=dry_run)
            if dry_run:
                transaction.set_rollback(True)
        if failures:
            raise CommandError(
                f"{len(failures)} of {len(files)} files failed: {', '.join(failures)}"
            )

    def _import_all(self, files: list[Path], *, dry_run: bool) -> list[str]:
        rows: list[tuple[str, ImportStats, float]] = []
        failures: list[str] = []
        for number, path in enumerate(files, start=1):
            started = time.monotonic()
            stats = self._import_one(path, dry_run=dry_run)
            elapsed = time.monotonic() - started
            rows.append((path.name, stats, elapsed))
            if stats.errors:
                failures.append(path.name)
            self._progress(number, len(files), path.name, stats, elapsed)
        self._summary(rows, dry_run=dry_run)
        return failures

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
        return files

    def _import_one(self, path: Path, *, dry_run: bool) -> ImportStats:
        try:
            text = read_document(path)
            # One history context per file: events from it carry the command and the file.
            with self.history_context(file=path.name):
                return import_document(text, filename=path.name, dry_run=dry_run)
        except DocumentRejected as rejected:
            self.stderr.write(f"{path}: {rejected}; skipped.")
        except Exception as error:  # one broken document must not stop the others
            self.stderr.write(
                f"{path}: import failed ({type(error).__name__}: {error}); nothing from it was "
                "stored."
            )
        return ImportStats(errors=1)

    def _progress(
        self, number: int, total: int, name: str, stats: ImportStats, elapsed: float
    ) -> None:
        outcome = (
            "FAILED"
            if stats.errors
            else (f"{stats.sources} sources, {stats.claims} claims, {stats.citations} citations")
        )
        line = f"[{number}/{total}] {name}: {outcome} ({elapsed:.1f}s)"
        if self.stdout.isatty() and number < total:
            self.stdout.write(f"\r{line}\x1b[K", ending="")
            self.stdout.flush()
        else:
            self.stdout.write(f"\r{line}\x1b[K" if self.stdout.isatty() else line)

    def _summary(self, rows: list[tuple[str, ImportStats, float]], *, dry_run: bool) -> None:
        total = ImportStats()
        for _, stats, _ in rows:
            total.add(stats)
        header = ["file", *ImportStats.COLUMNS, "seconds"]
        table = [[name, *stats.row(), f"{elapsed:.1f}"] for name, stats, elapsed in rows]
        table.append(["total", *total.row(), f"{sum(e for _, _, e in rows):.1f}"])
        widths = [max(len(str(row[i])) for row in [header, *table]) for i in range(len(header))]
        self.stdout.write("")
        self.stdout.write("Dry run: nothing was written." if dry_run else "Import summary:")
        for row in [header, *table]:
            cells = [
                str(cell).ljust(widths[0]) if i == 0 else str(cell).rjust(widths[i])
                for i, cell in enumerate(row)
            ]
            self.stdout.write("  ".join(cells))
