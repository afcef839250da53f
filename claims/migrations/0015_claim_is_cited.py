"""Claims without a citation, listed from an index.

`has_citations=false` looked for claims with no citation by walking the whole claim table newest
first, testing each claim against the citations: at a million claims, all cited, a page read
every claim. A claim now carries `is_cited` (a column the Claim model does not map, like
`search_document`: nothing writes it but the database), kept by the citation triggers that
already update each claim a citation statement touches, so an import pays no extra statement
or row write. A partial index over the claims without a citation serves the page.

- Inserting citations marks their claims cited (the triggers' existing UPDATE sets it too).
- Deleting or moving citations re-counts their claims. The claims are locked before they are
  re-counted, in a statement of their own: a concurrent transaction adding a citation to the
  same claim has then either committed (and its citation is counted) or not yet updated the
  claim (and marks it cited after this one commits).

The column is added cited for every existing claim (no table rewrite) and the few claims without
a citation are then marked; a new claim starts without citations.
"""

import importlib

from django.db import migrations

# The change feed leaves out columns derived by the database; the flag is one of them.
_events = importlib.import_module("events.migrations.0004_events_record_diffs_once")
_DERIVED = "'body_sha256', 'prefix', 'suffix']"
assert _DERIVED in _events.RECORD
RECORD_WITHOUT_FLAG = _events.RECORD
RECORD = RECORD_WITHOUT_FLAG.replace(_DERIVED, "'body_sha256', 'prefix', 'suffix', 'is_cited']")

COLUMN = """
ALTER TABLE claims_claim ADD COLUMN is_cited boolean NOT NULL DEFAULT true;
ALTER TABLE claims_claim ALTER COLUMN is_cited SET DEFAULT false;
"""

CITATION_TRIGGER = r"""
CREATE OR REPLACE FUNCTION claims_citation_search_document_refresh() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  touched bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE claims_claim SET search_document = NULL, is_cited = true
     WHERE id IN (SELECT DISTINCT claim_id FROM new_citations);
    RETURN NULL;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT claim_id) INTO touched FROM old_citations;
  ELSE
    SELECT array_agg(DISTINCT claim_id) INTO touched FROM (
      SELECT o.claim_id FROM old_citations o JOIN new_citations n ON n.id = o.id
       WHERE o.claim_id <> n.claim_id OR o.source_id <> n.source_id
      UNION
      SELECT n.claim_id FROM old_citations o JOIN new_citations n ON n.id = o.id
       WHERE o.claim_id <> n.claim_id OR o.source_id <> n.source_id) moved;
  END IF;
  IF touched IS NULL THEN
    RETURN NULL;
  END IF;
  -- Locked first, re-counted in the next statement: its snapshot sees every citation
  -- committed by a transaction that held one of these claims before.
  PERFORM 1 FROM claims_claim WHERE id = ANY (touched) ORDER BY id FOR NO KEY UPDATE;
  UPDATE claims_claim k SET search_document = NULL,
         is_cited = EXISTS (SELECT 1 FROM claims_citation c WHERE c.claim_id = k.id)
   WHERE k.id = ANY (touched);
  RETURN NULL;
END
$fn$;
"""

BACKFILL = """
UPDATE claims_claim k SET is_cited = false
 WHERE NOT EXISTS (SELECT 1 FROM claims_citation c WHERE c.claim_id = k.id);
"""

PREVIOUS_CITATION_TRIGGER = r"""
CREATE OR REPLACE FUNCTION claims_citation_search_document_refresh() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE claims_claim SET search_document = NULL
     WHERE id IN (SELECT DISTINCT claim_id FROM new_citations);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE claims_claim SET search_document = NULL
     WHERE id IN (SELECT DISTINCT claim_id FROM old_citations);
  ELSE
    UPDATE claims_claim SET search_document = NULL
     WHERE id IN (
       SELECT o.claim_id FROM old_citations o JOIN new_citations n ON n.id = o.id
        WHERE o.claim_id <> n.claim_id OR o.source_id <> n.source_id
       UNION
       SELECT n.claim_id FROM old_citations o JOIN new_citations n ON n.id = o.id
        WHERE o.claim_id <> n.claim_id OR o.source_id <> n.source_id);
  END IF;
  RETURN NULL;
END
$fn$;
"""


class Migration(migrations.Migration):
    # The index is built concurrently, outside a transaction; the column, its triggers and
    # its first values are set in one statement batch, all or nothing.
    atomic = False

    dependencies = [
        ("claims", "0014_claim_search_index_without_pending_list"),
        ("events", "0004_events_record_diffs_once"),
    ]

    operations = [
        migrations.RunSQL(
            "BEGIN;" + COLUMN + CITATION_TRIGGER + RECORD + BACKFILL + "COMMIT;",
            "BEGIN;"
            + PREVIOUS_CITATION_TRIGGER
            + RECORD_WITHOUT_FLAG
            + "ALTER TABLE claims_claim DROP COLUMN IF EXISTS is_cited; COMMIT;",
        ),
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS claims_claim_uncited"
            " ON claims_claim (created_at, id) WHERE NOT is_cited",
            "DROP INDEX CONCURRENTLY IF EXISTS claims_claim_uncited",
        ),
        migrations.RunSQL("ANALYZE claims_claim (is_cited)", migrations.RunSQL.noop),
    ]
