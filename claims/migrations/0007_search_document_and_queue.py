"""The desk's search document and review-queue order, kept by the database.

Two columns of claims_claim that the Claim model does not map (nothing writes them but the
database, and list pages should not read them):

- `search_document`: the claim's text (weight A), its claimant's name and aliases (B) and the
  titles of the sources citing it (C), spelling-normalised (claims_search_normalise), with a
  GIN index. Triggers keep it current when a claim's text or claimant changes, a citation is
  added, moved or removed, an entity is renamed or a source retitled.
- `is_fragment`: the claim text starts mid-sentence (a lower-case first letter, after any
  opening quote marks): a quoted fragment, listed after full statements in the review queue.

The queue index serves the review queue's order (fragments last, most check-worthy first) over
the claims still needing review that were not merged into another.
"""

from django.db import migrations

NORMALISE = r"""
CREATE OR REPLACE FUNCTION claims_search_normalise(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
SELECT
  -- judgement, acknowledgement -> judgment, acknowledgment
  regexp_replace(
  -- catalogue, dialogue, analogue -> catalog, dialog, analog
  regexp_replace(
  -- programme -> program
  regexp_replace(
  -- licence, license, licensed -> licenc...
  regexp_replace(
  -- defense, offense, pretense -> defence, offence, pretence
  regexp_replace(
  -- centre, theatre, fibre, sombre -> center, theater, fiber, somber
  regexp_replace(regexp_replace(
  -- color, labor, honorable, favorite -> colour, labour, honourable, favourite
  regexp_replace(
  -- travelled, cancelling, modeller -> traveled, canceling, modeler
  regexp_replace(
  -- analyse, paralysed -> analyze, paralyzed
  regexp_replace(
  -- organise, organisation, realised -> organize, organization, realized
  regexp_replace(
  -- "anti semitism", "non Jewish": the prefix written apart
  regexp_replace(
  -- anti-semitism, co-operate: hyphens (also non-breaking) inside words
  regexp_replace(lower(value),
    '([[:alpha:]])[-‐‑](?=[[:alpha:]])', '\1', 'g'),
    '\m(anti|non)\s+(?=[[:alpha:]])', '\1', 'g'),
    '([[:alpha:]]{3,})is(e|es|ed|ing|ation|ations|er|ers)\M', '\1iz\2', 'g'),
    '([[:alpha:]]{2,})ys(e|es|ed|ing|er|ers)\M', '\1yz\2', 'g'),
    '([[:alpha:]]{2,}[aeiou])ll(ed|ing|er|ers)\M', '\1l\2', 'g'),
    '\m(labo|favo|hono|colo|behavio|neighbo|rumo|harbo|humo|endeavo|vapo|flavo|armo|savo|valo|vigo|rigo|fervo|clamo|splendo)r(s|ed|ing|ite|ites|able|ably|al|ful|less|ist|ists|ism|er|ers)?\M',
    '\1ur\2', 'g'),
    '\m(epicent|cent|theat|fib|spect|calib|sab|meag|somb)re(s?)\M', '\1er\2', 'g'),
    '\m(epicent|cent)red\M', '\1ered', 'g'),
    '\m(def|off|pret)ense(s?)\M', '\1ence\2', 'g'),
    '\mlicens(e|es|ed|ing)\M', 'licenc\1', 'g'),
    '\mprogramme(s?)\M', 'program\1', 'g'),
    '\m(catal|dial|anal|monol)ogue(s?)\M', '\1og\2', 'g'),
    '\m(judg|acknowledg)ement(s?)\M', '\1ment\2', 'g')
$fn$;
"""

# A claim's document from its text, its claimant and the titles of the sources citing it.
DOCUMENT = r"""
CREATE OR REPLACE FUNCTION claims_claim_search_document(claim_text text, claimant bigint, claim bigint)
RETURNS tsvector LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
SELECT
  setweight(to_tsvector('english', claims_search_normalise(claim_text)), 'A')
  || setweight(to_tsvector('english', claims_search_normalise(coalesce(
       (SELECT e.name || ' ' || array_to_string(e.aliases, ' ')
          FROM sources_entity e WHERE e.id = claimant), ''))), 'B')
  || setweight(to_tsvector('english', claims_search_normalise(coalesce(
       (SELECT string_agg(DISTINCT s.title, ' ')
          FROM claims_citation c JOIN sources_source s ON s.id = c.source_id
         WHERE c.claim_id = claim), ''))), 'C')
$fn$;
"""

COLUMNS = r"""
ALTER TABLE claims_claim ADD COLUMN search_document tsvector;
ALTER TABLE claims_claim ADD COLUMN is_fragment boolean
  GENERATED ALWAYS AS (text ~ '^[^[:alnum:]]*[[:lower:]]') STORED;
"""

# Every write of a claim's text, claimant or document recomputes the document: the other
# triggers set it to NULL to have it recomputed here, in one place.
CLAIM_TRIGGER = r"""
CREATE OR REPLACE FUNCTION claims_claim_search_document_set() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.search_document := claims_claim_search_document(NEW.text, NEW.claimant_id, NEW.id);
  RETURN NEW;
END
$fn$;
CREATE TRIGGER claims_claim_search_document
  BEFORE INSERT OR UPDATE OF text, claimant_id, search_document ON claims_claim
  FOR EACH ROW EXECUTE FUNCTION claims_claim_search_document_set();
"""

# Statement-level, with transition tables: a bulk insert of citations (an import, COPY) updates
# each affected claim once.
CITATION_TRIGGERS = r"""
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
CREATE TRIGGER claims_citation_search_document_insert
  AFTER INSERT ON claims_citation REFERENCING NEW TABLE AS new_citations
  FOR EACH STATEMENT EXECUTE FUNCTION claims_citation_search_document_refresh();
CREATE TRIGGER claims_citation_search_document_delete
  AFTER DELETE ON claims_citation REFERENCING OLD TABLE AS old_citations
  FOR EACH STATEMENT EXECUTE FUNCTION claims_citation_search_document_refresh();
CREATE TRIGGER claims_citation_search_document_update
  AFTER UPDATE ON claims_citation REFERENCING OLD TABLE AS old_citations NEW TABLE AS new_citations
  FOR EACH STATEMENT EXECUTE FUNCTION claims_citation_search_document_refresh();
"""

SOURCE_AND_ENTITY_TRIGGERS = r"""
CREATE OR REPLACE FUNCTION claims_entity_search_document_refresh() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE claims_claim SET search_document = NULL
   WHERE claimant_id IN (
     SELECT n.id FROM old_entities o JOIN new_entities n ON n.id = o.id
      WHERE o.name IS DISTINCT FROM n.name OR o.aliases IS DISTINCT FROM n.aliases);
  RETURN NULL;
END
$fn$;
CREATE TRIGGER claims_entity_search_document_update
  AFTER UPDATE ON sources_entity REFERENCING OLD TABLE AS old_entities NEW TABLE AS new_entities
  FOR EACH STATEMENT EXECUTE FUNCTION claims_entity_search_document_refresh();

CREATE OR REPLACE FUNCTION claims_source_search_document_refresh() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE claims_claim SET search_document = NULL
   WHERE id IN (
     SELECT c.claim_id FROM claims_citation c
      WHERE c.source_id IN (
        SELECT n.id FROM old_sources o JOIN new_sources n ON n.id = o.id
         WHERE o.title IS DISTINCT FROM n.title));
  RETURN NULL;
END
$fn$;
CREATE TRIGGER claims_source_search_document_update
  AFTER UPDATE ON sources_source REFERENCING OLD TABLE AS old_sources NEW TABLE AS new_sources
  FOR EACH STATEMENT EXECUTE FUNCTION claims_source_search_document_refresh();
"""

# The indexes first: a table with pending trigger events (the update) cannot be indexed.
INDEXES = r"""
CREATE INDEX claims_claim_search_document ON claims_claim USING gin (search_document);
CREATE INDEX claims_claim_queue ON claims_claim
  (is_fragment, check_worthiness DESC NULLS LAST, id DESC)
  WHERE status IN ('new', 'in_review') AND duplicate_of_id IS NULL;
UPDATE claims_claim SET search_document = NULL;
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS claims_source_search_document_update ON sources_source;
DROP TRIGGER IF EXISTS claims_entity_search_document_update ON sources_entity;
DROP TRIGGER IF EXISTS claims_citation_search_document_update ON claims_citation;
DROP TRIGGER IF EXISTS claims_citation_search_document_delete ON claims_citation;
DROP TRIGGER IF EXISTS claims_citation_search_document_insert ON claims_citation;
DROP TRIGGER IF EXISTS claims_claim_search_document ON claims_claim;
DROP FUNCTION IF EXISTS claims_source_search_document_refresh();
DROP FUNCTION IF EXISTS claims_entity_search_document_refresh();
DROP FUNCTION IF EXISTS claims_citation_search_document_refresh();
DROP FUNCTION IF EXISTS claims_claim_search_document_set();
ALTER TABLE claims_claim DROP COLUMN IF EXISTS is_fragment;
ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_document;
DROP FUNCTION IF EXISTS claims_claim_search_document(text, bigint, bigint);
DROP FUNCTION IF EXISTS claims_search_normalise(text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0006_claim_review_article"),
        ("sources", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            NORMALISE
            + DOCUMENT
            + COLUMNS
            + CLAIM_TRIGGER
            + CITATION_TRIGGERS
            + SOURCE_AND_ENTITY_TRIGGERS
            + INDEXES,
            REVERSE,
        )
    ]
