"""The queue's search index and the indexes the desk's lists and exports sort by.

Search reads one document per issue: its passage (and what it said before an edit), what
readers quoted, suggested and commented, and the desk's comments. Triggers keep it in
step with every write, whichever code makes it, and add only text it does not hold yet.
SQLite keeps it in an FTS5 table (`reports_issue_search`, rowid = issue id) whose
tokenizer folds case and diacritics; PostgreSQL in a `search` tsvector column on the
issue with a GIN index, folded by `corrigenda_fold` (lower case, and `unaccent` where the
server has it) under the `simple` configuration, which keeps every script's words.
"""

from django.db import migrations, models

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE reports_issue_search USING fts5(
        body, tokenize = 'unicode61 remove_diacritics 2')""",
    """INSERT INTO reports_issue_search(rowid, body)
        SELECT i.id, i.exact || ' ' || i.passage_before || ' ' || coalesce((
            SELECT group_concat(r.exact || ' ' || r.suggestion || ' ' || r.comment, ' ')
            FROM reports_report AS r WHERE r.issue_id = i.id), '') || ' ' || coalesce((
            SELECT group_concat(c.body, ' ') FROM reports_comment AS c
            WHERE c.issue_id = i.id), '')
        FROM reports_issue AS i""",
    """CREATE TRIGGER reports_issue_search_opened AFTER INSERT ON reports_issue BEGIN
        INSERT INTO reports_issue_search(rowid, body)
        VALUES (new.id, new.exact || ' ' || new.passage_before);
    END""",
    """CREATE TRIGGER reports_issue_search_deleted AFTER DELETE ON reports_issue BEGIN
        DELETE FROM reports_issue_search WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER reports_issue_search_passage AFTER UPDATE OF exact, passage_before
        ON reports_issue BEGIN
        UPDATE reports_issue_search SET body = body || ' ' || new.exact
        WHERE rowid = new.id AND instr(body, new.exact) = 0;
        UPDATE reports_issue_search SET body = body || ' ' || new.passage_before
        WHERE rowid = new.id AND instr(body, new.passage_before) = 0;
    END""",
    """CREATE TRIGGER reports_issue_search_report AFTER INSERT ON reports_report
        WHEN new.issue_id IS NOT NULL BEGIN
        UPDATE reports_issue_search SET body = body || ' ' || new.exact
        WHERE rowid = new.issue_id AND instr(body, new.exact) = 0;
        UPDATE reports_issue_search SET body = body || ' ' || new.suggestion
        WHERE rowid = new.issue_id AND instr(body, new.suggestion) = 0;
        UPDATE reports_issue_search SET body = body || ' ' || new.comment
        WHERE rowid = new.issue_id AND instr(body, new.comment) = 0;
    END""",
    """CREATE TRIGGER reports_issue_search_report_moved AFTER UPDATE OF issue_id
        ON reports_report WHEN new.issue_id IS NOT NULL BEGIN
        UPDATE reports_issue_search
        SET body = body || ' ' || new.exact || ' ' || new.suggestion || ' ' || new.comment
        WHERE rowid = new.issue_id;
    END""",
    """CREATE TRIGGER reports_issue_search_comment AFTER INSERT ON reports_comment BEGIN
        UPDATE reports_issue_search SET body = body || ' ' || new.body
        WHERE rowid = new.issue_id AND instr(body, new.body) = 0;
    END""",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER reports_issue_search_comment",
    "DROP TRIGGER reports_issue_search_report_moved",
    "DROP TRIGGER reports_issue_search_report",
    "DROP TRIGGER reports_issue_search_passage",
    "DROP TRIGGER reports_issue_search_deleted",
    "DROP TRIGGER reports_issue_search_opened",
    "DROP TABLE reports_issue_search",
]

POSTGRESQL_FORWARD = [
    "ALTER TABLE reports_issue ADD COLUMN search tsvector NOT NULL DEFAULT ''",
    # Adds a document's words to a vector; NULL when it holds them all already, so the
    # triggers skip writing the issue row again.
    """CREATE FUNCTION corrigenda_add_words(vector tsvector, document text) RETURNS tsvector
        LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN tsvector_to_array(w) <@ tsvector_to_array(vector) THEN NULL
                    ELSE strip(vector || w) END
        FROM (SELECT to_tsvector('simple', corrigenda_fold(document)) AS w) AS words
    $$""",
    """CREATE FUNCTION reports_issue_search_own() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search := coalesce(
            corrigenda_add_words(NEW.search, NEW.exact || ' ' || NEW.passage_before),
            NEW.search);
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER reports_issue_search_own BEFORE INSERT OR UPDATE OF exact, passage_before
        ON reports_issue FOR EACH ROW EXECUTE FUNCTION reports_issue_search_own()""",
    """CREATE FUNCTION reports_issue_search_add(issue bigint, document text) RETURNS void
        LANGUAGE sql AS $$
        UPDATE reports_issue SET search = corrigenda_add_words(search, document)
        WHERE id = issue AND corrigenda_add_words(search, document) IS NOT NULL
    $$""",
    """CREATE FUNCTION reports_issue_search_report() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.issue_id IS NOT NULL THEN
            PERFORM reports_issue_search_add(
                NEW.issue_id, NEW.exact || ' ' || NEW.suggestion || ' ' || NEW.comment);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER reports_issue_search_report AFTER INSERT OR UPDATE OF issue_id
        ON reports_report FOR EACH ROW EXECUTE FUNCTION reports_issue_search_report()""",
    """CREATE FUNCTION reports_issue_search_comment() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM reports_issue_search_add(NEW.issue_id, NEW.body);
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER reports_issue_search_comment AFTER INSERT ON reports_comment
        FOR EACH ROW EXECUTE FUNCTION reports_issue_search_comment()""",
    "UPDATE reports_issue SET exact = exact",
    """UPDATE reports_issue AS i SET search = strip(i.search || to_tsvector('simple',
        corrigenda_fold(r.words))) FROM (
            SELECT issue_id, string_agg(exact || ' ' || suggestion || ' ' || comment, ' ')
            AS words FROM reports_report WHERE issue_id IS NOT NULL GROUP BY issue_id
        ) AS r WHERE r.issue_id = i.id""",
    """UPDATE reports_issue AS i SET search = strip(i.search || to_tsvector('simple',
        corrigenda_fold(c.words))) FROM (
            SELECT issue_id, string_agg(body, ' ') AS words FROM reports_comment
            GROUP BY issue_id
        ) AS c WHERE c.issue_id = i.id""",
    "CREATE INDEX reports_issue_search_idx ON reports_issue USING gin (search)",
]

POSTGRESQL_BACKWARD = [
    "DROP TRIGGER reports_issue_search_comment ON reports_comment",
    "DROP FUNCTION reports_issue_search_comment()",
    "DROP TRIGGER reports_issue_search_report ON reports_report",
    "DROP FUNCTION reports_issue_search_report()",
    "DROP FUNCTION reports_issue_search_add(bigint, text)",
    "DROP TRIGGER reports_issue_search_own ON reports_issue",
    "DROP FUNCTION reports_issue_search_own()",
    "DROP FUNCTION corrigenda_add_words(tsvector, text)",
    "DROP FUNCTION corrigenda_fold(text)",
    "ALTER TABLE reports_issue DROP COLUMN search",
]

FOLD_WITH_UNACCENT = """CREATE FUNCTION corrigenda_fold(words text) RETURNS text
    LANGUAGE sql STABLE AS $$ SELECT unaccent(lower(words)) $$"""
FOLD_WITHOUT_UNACCENT = """CREATE FUNCTION corrigenda_fold(words text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT lower(words) $$"""


def create_search(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = SQLITE_FORWARD
    elif vendor == "postgresql":
        statements = [_fold_function(schema_editor), *POSTGRESQL_FORWARD]
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)


def _fold_function(schema_editor) -> str:
    """With `unaccent` when the server ships it (a trusted extension since PostgreSQL 13):
    "Zurich" then finds "Zürich"."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
        if cursor.fetchone() is None:
            return FOLD_WITHOUT_UNACCENT
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    return FOLD_WITH_UNACCENT


def drop_search(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0009_findings_explained_and_uncorrected_changes"),
    ]

    operations = [
        migrations.RunPython(create_search, drop_search),
        # With the id, so the queue's order (newest first, then the id) is the index's own.
        migrations.RemoveIndex(model_name="issue", name="reports_iss_site_id_5e8658_idx"),
        migrations.AddIndex(
            model_name="issue",
            index=models.Index(
                fields=["site", "status", "-last_reported", "-id"], name="reports_iss_queue"
            ),
        ),
        migrations.AddIndex(
            model_name="issue",
            index=models.Index(
                fields=["site", "status", "-report_count", "-last_reported", "-id"],
                name="reports_iss_most_reported",
            ),
        ),
        migrations.AddIndex(
            model_name="issue",
            index=models.Index(fields=["site", "created"], name="reports_iss_site_created"),
        ),
        migrations.AddIndex(
            model_name="issue",
            index=models.Index(fields=["site", "-last_reported", "-id"], name="reports_iss_newest"),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=["site", "spam_verdict", "created", "id"], name="reports_rep_exported"
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(fields=["issue", "-created", "-id"], name="reports_rep_newest"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                fields=["issue", "action", "created"], name="reports_eve_issue_action"
            ),
        ),
    ]
