from django.contrib.postgres.indexes import GinIndex
from django.db import migrations


class Migration(migrations.Migration):
    """The claims' full-text index keeps no pending list (see `Claim.Meta.indexes`).

    A storage parameter changes in place: the index is not rebuilt (its entries stay as they
    are, so only Django's record of the index is removed and added again). The entries pending
    when it changes are merged into the index at once, or every search would still read them
    until the next vacuum.
    """

    dependencies = [("claims", "0013_citation_speaker_as_written")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="claim", name="claims_claim_search"),
                migrations.AddIndex(
                    model_name="claim",
                    index=GinIndex(
                        fields=["search_vector"], name="claims_claim_search", fastupdate=False
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER INDEX claims_claim_search SET (fastupdate = off)",
                    reverse_sql="ALTER INDEX claims_claim_search RESET (fastupdate)",
                ),
                migrations.RunSQL(
                    "SELECT gin_clean_pending_list('claims_claim_search'::regclass)",
                    reverse_sql=migrations.RunSQL.noop,
                ),
            ],
        )
    ]
