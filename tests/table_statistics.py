"""Statistics made true again after a plan test's rows are gone.

ANALYZE writes a table's row count and size (`pg_class.reltuples`, `relpages`) in place, not
in its transaction: rolled back or deleted, the thousands of rows a plan test made and analysed
are still counted by the planner, with their dead versions taking up the pages it prices. The
admin's change lists show the planner's estimate once it reaches 10,000 rows
(`factbase/admin_pagination.py`), so a later test's list of three claims would show 30,000.
"""

from django.db import connection


def refresh_statistics(django_db_blocker, tables: list[str]) -> None:
    """Vacuum and analyse `tables` (outside any transaction: VACUUM cannot run in one), so the
    planner prices them by the rows they hold now."""
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")
