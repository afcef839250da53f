"""Change tracking in the database, so every write path (services, admin, importer, bulk
updates, raw SQL) is covered:

1. Claim freshness: a claim's `version` and `updated_at` move when anything its representation
   embeds changes: its citations (added, edited, re-ranked, moved by a merge, removed), its
   claimant's or a quoted speaker's name, kind or aliases, a cited source's title, URL,
   publisher or date, or that publisher's name.
2. Events: one `events_event` row per created, updated or deleted row of the tracked tables,
   written by statement-level triggers (one INSERT per statement, however many rows).
"""

from django.db import migrations

# The tracked tables and the resource name their events carry.
TRACKED = {
    "sources_source": "source",
    "sources_entity": "entity",
    "claims_claim": "claim",
    "claims_citation": "citation",
    "claims_claimrelation": "claim_relation",
}

# One function for every tracked table (the resource name is the trigger's argument). Changed
# fields are found by comparing the rows as JSON, so a column added later is tracked without
# touching this. Left out: bookkeeping (timestamps; a claim's version is reported on its own),
# values derived from others (search columns, hashes, citation context), and, from a deleted
# object's tombstone, large texts.
RECORD = """
CREATE FUNCTION events_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    resource text := TG_ARGV[0];
    derived text[] := ARRAY['created_at', 'updated_at', 'search_vector', 'search_name',
                            'search_document', 'is_fragment', 'body_sha256', 'prefix', 'suffix'];
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO events_event (txid, occurred_at, resource, object_id, action, fields, version)
        SELECT pg_current_xact_id(), clock_timestamp(), resource, n.id, 'created', '{}',
               CASE WHEN resource = 'claim' THEN (to_jsonb(n) ->> 'version')::integer END
        FROM new_rows n ORDER BY n.id;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO events_event (txid, occurred_at, resource, object_id, action, fields, data)
        SELECT pg_current_xact_id(), clock_timestamp(), resource, o.id, 'deleted', '{}',
               to_jsonb(o) - derived - 'body'
        FROM old_rows o ORDER BY o.id;
    ELSE
        INSERT INTO events_event (txid, occurred_at, resource, object_id, action, fields, version)
        SELECT pg_current_xact_id(), clock_timestamp(), resource, c.id,
               CASE
                   WHEN resource <> 'claim' THEN 'updated'
                   WHEN c.old ->> 'duplicate_of_id' IS NULL
                        AND c.new ->> 'duplicate_of_id' IS NOT NULL THEN 'merged'
                   WHEN c.new ->> 'status' = 'published'
                        AND c.old ->> 'status' <> 'published' THEN 'published'
                   ELSE 'updated'
               END,
               c.fields,
               (c.new ->> 'version')::integer
        FROM (
            SELECT j.id, j.old, j.new,
                   ARRAY(
                       SELECT e.key FROM jsonb_each(j.new) AS e(key, value)
                       WHERE e.key <> 'version' AND e.value IS DISTINCT FROM j.old -> e.key
                       ORDER BY e.key
                   )::varchar[] AS fields
            FROM (
                SELECT n.id, to_jsonb(o) - derived AS old, to_jsonb(n) - derived AS new
                FROM new_rows n JOIN old_rows o ON o.id = n.id
            ) j
        ) c
        WHERE c.fields <> '{}' OR (c.old -> 'version') IS DISTINCT FROM (c.new -> 'version')
        ORDER BY c.id;
    END IF;
    -- Wakes the job workers (webhook dispatch) when this transaction commits.
    PERFORM pg_notify('factbase_jobs', '');
    RETURN NULL;
END $$;
"""


def record_triggers(table: str) -> str:
    statements = []
    for operation, referencing in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
    ):
        statements.append(
            f"CREATE TRIGGER events_record_{operation.lower()} AFTER {operation} ON {table} "
            f"REFERENCING {referencing} FOR EACH STATEMENT "
            f"EXECUTE FUNCTION events_record('{TRACKED[table]}');"
        )
    return "\n".join(statements)


# A source's authors live in a many-to-many table: a change there is an update of the source,
# except while the source is being created in the same transaction.
AUTHORS = """
CREATE FUNCTION events_record_source_authors() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    source_ids bigint[];
BEGIN
    -- Each trigger sees only the transition table it declares.
    IF TG_OP = 'INSERT' THEN
        source_ids := ARRAY(SELECT DISTINCT source_id FROM new_rows);
    ELSE
        source_ids := ARRAY(SELECT DISTINCT source_id FROM old_rows);
    END IF;
    INSERT INTO events_event (txid, occurred_at, resource, object_id, action, fields)
    SELECT pg_current_xact_id(), clock_timestamp(), 'source', s.id, 'updated',
           ARRAY['authors']::varchar[]
    FROM unnest(source_ids) AS s(id)
    WHERE NOT EXISTS (
        SELECT 1 FROM events_event e
        WHERE e.txid = pg_current_xact_id() AND e.resource = 'source'
          AND e.object_id = s.id AND e.action IN ('created', 'deleted')
    )
    ORDER BY s.id;
    PERFORM pg_notify('factbase_jobs', '');
    RETURN NULL;
END $$;
CREATE TRIGGER events_record_insert AFTER INSERT ON sources_source_authors
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION events_record_source_authors();
CREATE TRIGGER events_record_delete AFTER DELETE ON sources_source_authors
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION events_record_source_authors();
"""

CLAIM_FRESHNESS = """
-- Bump the claims, locking them in id order so concurrent bumps cannot deadlock. A claim
-- created in this same transaction is left alone: nobody can have read an earlier state of it
-- (a new claim stored with its citations is at version 1).
CREATE FUNCTION claims_touch(claim_ids bigint[]) RETURNS void LANGUAGE sql AS $$
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

CREATE FUNCTION claims_touch_for_citations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM claims_touch(ARRAY(SELECT DISTINCT claim_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM claims_touch(ARRAY(SELECT DISTINCT claim_id FROM old_rows));
    ELSE
        PERFORM claims_touch(ARRAY(
            SELECT unnest(ARRAY[o.claim_id, n.claim_id])
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (o.claim_id, o.source_id, o.relation, o.quote, o.start, o."end",
                   o.speaker_id, o.rank, o.note)
                  IS DISTINCT FROM
                  (n.claim_id, n.source_id, n.relation, n.quote, n.start, n."end",
                   n.speaker_id, n.rank, n.note)
        ));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER claims_touch_insert AFTER INSERT ON claims_citation
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION claims_touch_for_citations();
CREATE TRIGGER claims_touch_update AFTER UPDATE ON claims_citation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION claims_touch_for_citations();
CREATE TRIGGER claims_touch_delete AFTER DELETE ON claims_citation
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION claims_touch_for_citations();

-- A cited source's title, URL, publisher or date is embedded in its claims' citations.
CREATE FUNCTION claims_touch_for_sources() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_touch(ARRAY(
        SELECT DISTINCT ci.claim_id
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN claims_citation ci ON ci.source_id = n.id
        WHERE (o.title, o.url, o.publisher_id, o.published_on)
              IS DISTINCT FROM (n.title, n.url, n.publisher_id, n.published_on)
    ));
    RETURN NULL;
END $$;
CREATE TRIGGER claims_touch_update AFTER UPDATE ON sources_source
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION claims_touch_for_sources();

-- An entity is embedded as a claim's claimant, a citation's speaker, a cited source's
-- publisher.
CREATE FUNCTION claims_touch_for_entities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_touch(ARRAY(
        WITH changed AS (
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (o.name, o.kind, o.aliases) IS DISTINCT FROM (n.name, n.kind, n.aliases)
        )
        SELECT c.id FROM claims_claim c WHERE c.claimant_id IN (SELECT id FROM changed)
        UNION
        SELECT ci.claim_id FROM claims_citation ci WHERE ci.speaker_id IN (SELECT id FROM changed)
        UNION
        SELECT ci.claim_id FROM claims_citation ci
        JOIN sources_source s ON s.id = ci.source_id
        WHERE s.publisher_id IN (SELECT id FROM changed)
    ));
    RETURN NULL;
END $$;
CREATE TRIGGER claims_touch_update AFTER UPDATE ON sources_entity
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION claims_touch_for_entities();
"""


def forward_sql() -> str:
    parts = [CLAIM_FRESHNESS, AUTHORS, RECORD]
    for table in TRACKED:
        parts.append(record_triggers(table))
    return "\n".join(parts)


def backward_sql() -> str:
    parts = []
    for table in TRACKED:
        for operation in ("insert", "update", "delete"):
            parts.append(f"DROP TRIGGER IF EXISTS events_record_{operation} ON {table};")
    parts.append("DROP FUNCTION IF EXISTS events_record();")
    for operation in ("insert", "delete"):
        parts.append(f"DROP TRIGGER IF EXISTS events_record_{operation} ON sources_source_authors;")
    parts.append("DROP FUNCTION IF EXISTS events_record_source_authors();")
    for table in ("claims_citation",):
        for operation in ("insert", "update", "delete"):
            parts.append(f"DROP TRIGGER IF EXISTS claims_touch_{operation} ON {table};")
    parts.append("DROP TRIGGER IF EXISTS claims_touch_update ON sources_source;")
    parts.append("DROP TRIGGER IF EXISTS claims_touch_update ON sources_entity;")
    for function in ("for_citations", "for_sources", "for_entities"):
        parts.append(f"DROP FUNCTION IF EXISTS claims_touch_{function}();")
    parts.append("DROP FUNCTION IF EXISTS claims_touch(bigint[]);")
    return "\n".join(parts)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_event"),
        ("claims", "0005_fact_key_prefix_index"),
        ("sources", "0001_initial"),
    ]

    operations = [migrations.RunSQL(forward_sql(), backward_sql())]
