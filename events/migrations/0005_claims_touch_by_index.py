"""Bumping the claims a changed citation belongs to reads them by id, not the whole table.

The citation, source and entity triggers that call `claims_touch` run with nested loops off
(0004), and so did its update: joined to the locked claims, the table could only be hashed
whole, a sequential scan of every claim (0.3 s at a million claims) each time a statement cited,
moved or uncited claims that existed before it. The claims are now locked, then updated by their
ids, the same rows in the same order, through the primary key whatever the join settings.
"""

from django.db import migrations

TOUCH_BY_ID = """
CREATE OR REPLACE FUNCTION claims_touch(claim_ids bigint[]) RETURNS void LANGUAGE sql AS $$
    WITH locked AS MATERIALIZED (
        SELECT id FROM claims_claim
        WHERE id = ANY(claim_ids)
          AND NOT EXISTS (
              SELECT 1 FROM events_event e
              WHERE e.resource = 'claim' AND e.object_id = claims_claim.id
                AND e.action = 'created' AND e.txid = pg_current_xact_id()
          )
        ORDER BY id FOR NO KEY UPDATE
    )
    UPDATE claims_claim c
    SET version = c.version + 1, updated_at = GREATEST(c.updated_at, clock_timestamp())
    WHERE c.id = ANY(ARRAY(SELECT id FROM locked));
$$;
"""

TOUCH_JOINED = """
CREATE OR REPLACE FUNCTION claims_touch(claim_ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE claims_claim c
    SET version = c.version + 1, updated_at = GREATEST(c.updated_at, clock_timestamp())
    FROM (
        SELECT id FROM claims_claim
        WHERE id = ANY(claim_ids)
          AND NOT EXISTS (
              SELECT 1 FROM events_event e
              WHERE e.resource = 'claim' AND e.object_id = claims_claim.id
                AND e.action = 'created' AND e.txid = pg_current_xact_id()
          )
        ORDER BY id FOR NO KEY UPDATE
    ) locked
    WHERE c.id = locked.id;
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("events", "0004_events_record_diffs_once")]

    operations = [migrations.RunSQL(TOUCH_BY_ID, TOUCH_JOINED)]
