"""A counter that moves whenever an organisation's names change, so that processes caching the
organisations (the importer's lexicon) know when to read them again.

A sequence, not a row: bumping it takes no lock, so concurrent writers never wait for each other
on it, and its value is seen by every session at once.
"""

from django.db import migrations

FORWARD = """
CREATE SEQUENCE sources_entity_organisation_names_version;

CREATE OR REPLACE FUNCTION sources_entity_organisation_names_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('sources_entity_organisation_names_version');
  RETURN NULL;
END;
$$;

CREATE TRIGGER sources_entity_organisation_inserted
  AFTER INSERT ON sources_entity FOR EACH ROW
  WHEN (NEW.kind = 'organisation')
  EXECUTE FUNCTION sources_entity_organisation_names_bump();
CREATE TRIGGER sources_entity_organisation_updated
  AFTER UPDATE ON sources_entity FOR EACH ROW
  WHEN ((OLD.kind = 'organisation' OR NEW.kind = 'organisation')
        AND (OLD.name, OLD.kind, OLD.aliases) IS DISTINCT FROM (NEW.name, NEW.kind, NEW.aliases))
  EXECUTE FUNCTION sources_entity_organisation_names_bump();
CREATE TRIGGER sources_entity_organisation_deleted
  AFTER DELETE ON sources_entity FOR EACH ROW
  WHEN (OLD.kind = 'organisation')
  EXECUTE FUNCTION sources_entity_organisation_names_bump();
CREATE TRIGGER sources_entity_truncated
  AFTER TRUNCATE ON sources_entity FOR EACH STATEMENT
  EXECUTE FUNCTION sources_entity_organisation_names_bump();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS sources_entity_truncated ON sources_entity;
DROP TRIGGER IF EXISTS sources_entity_organisation_deleted ON sources_entity;
DROP TRIGGER IF EXISTS sources_entity_organisation_updated ON sources_entity;
DROP TRIGGER IF EXISTS sources_entity_organisation_inserted ON sources_entity;
DROP FUNCTION IF EXISTS sources_entity_organisation_names_bump();
DROP SEQUENCE IF EXISTS sources_entity_organisation_names_version;
"""


class Migration(migrations.Migration):
    dependencies = [("sources", "0003_list_order_indexes")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
