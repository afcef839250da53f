"""The sources whose title has a searched word, from an index of the search vector's title part.

A one-word search ranks every source whose title has the word above every source whose body
alone has it, so its first pages are read from these (929 sources for "government" at 200,000
sources) instead of ranking all the matches (16,942): see sources.filters.SourceFilterSet.
Built in 2.5 s at 200,000 sources; without a pending list, as claims_claim_search (a source adds
its title's few words, and no search reads entries inserted since the last flush).
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # Built without locking writes: this indexes a table that holds an archive's rows.
    atomic = False

    dependencies = [
        ("sources", "0008_source_origin_filter_index"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="source",
            index=django.contrib.postgres.indexes.GinIndex(
                models.Func(
                    models.F("search_vector"),
                    models.Value("{a}"),
                    function="ts_filter",
                    output_field=django.contrib.postgres.search.SearchVectorField(),
                ),
                name="sources_source_title_search",
                fastupdate=False,
            ),
        ),
    ]
