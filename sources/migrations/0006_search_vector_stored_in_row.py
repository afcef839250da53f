"""A source's search vector is kept in its row rather than in the TOAST table.

A search ranks every source matching its words (`ts_rank` reads each one's whole vector). Stored
out of line, as PostgreSQL stores a value of a kilobyte or more by default, each vector cost a
TOAST index lookup and a page read, which made most of a search's time: ranking a common word's
17,000 matches took about 140 ms of database CPU, and 40 ms with the vectors in their rows. The
body, which only a source's own page reads, goes out of line instead.

A catalogue change only (a brief lock, nothing rewritten): rows written from now on are stored
so; `VACUUM FULL sources_source` moves existing rows (docs/operations.md).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("sources", "0005_entity_aliases_lower_index")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE sources_source ALTER COLUMN search_vector SET STORAGE MAIN",
            reverse_sql="ALTER TABLE sources_source ALTER COLUMN search_vector SET STORAGE EXTENDED",
        )
    ]
