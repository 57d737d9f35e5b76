-- VillageLedger local store, schema version 4: how the search index learns of changed persons.
--
-- 1. New persons are found by rowid: the index reads the persons above the highest rowid it has seen,
--    so an insert no longer writes a log row. On a first sync of 100,000 persons that trigger cost about
--    a third of the time of writing them.
-- 2. The triggers no longer use INSERT OR REPLACE. Inside a trigger, OR REPLACE gives way to the conflict
--    policy of the statement that fired it, and the sync engine's upsert (INSERT ... ON CONFLICT DO
--    UPDATE) of a person whose deleted flag or search text changed failed with a UNIQUE error. The
--    triggers delete the person's earlier log row first.
-- 3. A hard delete logs the row's rowid: SQLite may hand the highest rowid out again once the row that
--    had it is gone, and the index then reads again from below it.
DROP TRIGGER person_search_insert;
DROP TRIGGER person_search_update;
DROP TRIGGER person_search_delete;

ALTER TABLE person_search_change ADD COLUMN person_rowid INTEGER;   -- set for hard deletes only

CREATE TRIGGER person_search_update AFTER UPDATE OF id, search_text, deleted ON person
WHEN new.id IS NOT old.id OR new.search_text IS NOT old.search_text OR new.deleted IS NOT old.deleted
BEGIN
    DELETE FROM person_search_change WHERE person_id IN (old.id, new.id);
    INSERT INTO person_search_change (person_id) SELECT old.id WHERE old.id IS NOT new.id;
    INSERT INTO person_search_change (person_id) VALUES (new.id);
END;

CREATE TRIGGER person_search_delete AFTER DELETE ON person
BEGIN
    DELETE FROM person_search_change WHERE person_id = old.id;
    INSERT INTO person_search_change (person_id, person_rowid) VALUES (old.id, old.rowid);
END;
