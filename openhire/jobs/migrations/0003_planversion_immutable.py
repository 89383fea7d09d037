"""A published plan version never changes: the database refuses updates of its snapshot and number."""

from typing import Any

from django.db import migrations

TABLE = "jobs_planversion"

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION openhire_planversion_frozen() RETURNS trigger AS $$
BEGIN
    IF NEW.snapshot IS DISTINCT FROM OLD.snapshot OR NEW.number IS DISTINCT FROM OLD.number
       OR NEW.plan_id IS DISTINCT FROM OLD.plan_id OR NEW.job_id IS DISTINCT FROM OLD.job_id THEN
        RAISE EXCEPTION 'a published plan version is immutable';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {TABLE}_frozen BEFORE UPDATE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION openhire_planversion_frozen();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS {TABLE}_frozen ON {TABLE};
DROP FUNCTION IF EXISTS openhire_planversion_frozen();
"""
SQLITE_UP = (
    f"CREATE TRIGGER {TABLE}_frozen BEFORE UPDATE ON {TABLE} "
    "WHEN NEW.snapshot IS NOT OLD.snapshot OR NEW.number IS NOT OLD.number "
    "OR NEW.plan_id IS NOT OLD.plan_id OR NEW.job_id IS NOT OLD.job_id "
    "BEGIN SELECT RAISE(ABORT, 'a published plan version is immutable'); END;"
)
SQLITE_DOWN = f"DROP TRIGGER IF EXISTS {TABLE}_frozen;"


def up(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def down(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_competencies_questions")]

    operations = [migrations.RunPython(up, down)]
