"""Base for management commands that write tracked data."""

import pghistory
from django.core.management.base import BaseCommand


class HistoryCommand(BaseCommand):
    """A command whose writes are attributed, in history, to the command (and what it worked on).

    Wrap each unit of work in `self.history_context(...)`: every event written inside carries
    {"command": <name>, **metadata}; separate units (one per imported file) get separate
    contexts.
    """

    @property
    def command_name(self) -> str:
        return type(self).__module__.rsplit(".", 1)[-1]

    def history_context(self, **metadata: object) -> pghistory.context:
        return pghistory.context(command=self.command_name, **metadata)
