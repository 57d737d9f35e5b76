-- VillageLedger local store, schema version 2: support for search-as-you-type.
-- desktop/store/search.py keeps an in-memory index of person.search_text (built once, then updated).
-- To stay up to date it needs to know which persons changed: every insert, hard delete and change of a
-- person's id, search_text or deleted flag leaves the person's id here under a new sequence number
-- (AUTOINCREMENT: never reused). REPLACE keeps one row per person, so this table never has more rows
-- than person has (plus hard-deleted ones). The index applies the rows with seq above the last it saw.
-- Local only, never synced.
CREATE TABLE person_search_change (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id TEXT NOT NULL UNIQUE
);

CREATE TRIGGER person_search_insert AFTER INSERT ON person
BEGIN
    INSERT OR REPLACE INTO person_search_change (person_id) VALUES (new.id);
END;

CREATE TRIGGER person_search_update AFTER UPDATE OF id, search_text, deleted ON person
WHEN new.id IS NOT old.id OR new.search_text IS NOT old.search_text OR new.deleted IS NOT old.deleted
BEGIN
    INSERT OR REPLACE INTO person_search_change (person_id) VALUES (old.id);
    INSERT OR REPLACE INTO person_search_change (person_id) VALUES (new.id);
END;

CREATE TRIGGER person_search_delete AFTER DELETE ON person
BEGIN
    INSERT OR REPLACE INTO person_search_change (person_id) VALUES (old.id);
END;
