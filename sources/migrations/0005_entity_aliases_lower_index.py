"""An index of entities' lower-cased aliases, so a lookup by name or alias (the importer's, for
every document) reads the entities having those names instead of all of them.

The index is built concurrently, outside a transaction: entities stay writable while it builds.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations

import sources.models

FUNCTION = """
CREATE OR REPLACE FUNCTION sources_entity_lower_aliases(aliases varchar[]) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ARRAY(SELECT lower(alias) FROM unnest(aliases) AS alias);
"""


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("sources", "0004_organisation_names_version")]

    operations = [
        migrations.RunSQL(
            FUNCTION,
            reverse_sql="DROP FUNCTION IF EXISTS sources_entity_lower_aliases(varchar[])",
        ),
        AddIndexConcurrently(
            model_name="entity",
            index=GinIndex(
                sources.models.LowerAliases("aliases"), name="sources_entity_aliases_lower"
            ),
        ),
    ]
