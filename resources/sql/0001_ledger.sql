-- VillageLedger local store, schema version 1.
-- Record tables hold the ledger; every write to them is paired, in the same transaction, with a row in
-- `outbox` (the change the sync engine sends). Deletes are soft: `deleted` is an ordinary field, so a
-- delete and its undo sync and merge like any other edit.
-- Per-record sync metadata: sync_state (pending/synced/error/conflict) and server_versions, a JSON map
-- field -> server sequence at which that field's value was last seen from the server (the merge base).

CREATE TABLE household (
    id               TEXT PRIMARY KEY,
    hh_no            TEXT,
    village_code     TEXT NOT NULL,
    natural_village  TEXT,
    phone            TEXT,
    hh_type          TEXT NOT NULL,
    poverty_attr     TEXT,
    monitor_category TEXT,
    risk_eliminated  INTEGER,
    support_person   TEXT,
    support_phone    TEXT,
    note             TEXT,
    deleted          INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    sync_state       TEXT NOT NULL DEFAULT 'pending',
    server_versions  TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX household_village ON household(village_code) WHERE deleted = 0;
CREATE INDEX household_hh_no ON household(hh_no);

CREATE TABLE person (
    id                  TEXT PRIMARY KEY,
    household_id        TEXT NOT NULL,
    name                TEXT NOT NULL,
    id_number           TEXT NOT NULL,
    sex                 TEXT,
    birth_date          TEXT,
    relation            TEXT NOT NULL,
    labour_skill        TEXT NOT NULL,
    id_type             TEXT NOT NULL,
    id_original         TEXT,
    person_no           TEXT,
    ethnicity           TEXT,
    education           TEXT,
    school_status       TEXT,
    health              TEXT NOT NULL,
    disability_category TEXT,
    political_status    TEXT,
    phone               TEXT,
    speaks_mandarin     INTEGER,
    dibao               INTEGER,
    tekun               INTEGER,
    status              TEXT NOT NULL,
    work_intention      TEXT,
    training_intention  TEXT,
    note                TEXT,
    deleted             INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    sync_state          TEXT NOT NULL DEFAULT 'pending',
    server_versions     TEXT NOT NULL DEFAULT '{}',
    -- derived, local only (never synced): what search-as-you-type matches against
    search_text         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX person_household ON person(household_id);
-- Not UNIQUE on purpose: two laptops of one village may register the same person offline; the pull
-- must still apply and the duplicate is flagged. Uniqueness is checked when saving (domain rule E).
CREATE INDEX person_id_number ON person(id_number);

CREATE TABLE employment (
    id               TEXT PRIMARY KEY,
    person_id        TEXT NOT NULL,
    form             TEXT NOT NULL,
    start_date       TEXT NOT NULL,
    end_date         TEXT,
    work_county_code TEXT,
    abroad           INTEGER NOT NULL DEFAULT 0,
    work_place       TEXT,
    employer         TEXT,
    industry         TEXT,
    channel          TEXT,
    point_to_point   INTEGER,
    monthly_income   REAL,
    contract         TEXT,
    verify_method    TEXT,
    note             TEXT,
    deleted          INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    sync_state       TEXT NOT NULL DEFAULT 'pending',
    server_versions  TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX employment_person ON employment(person_id);

-- The outbox: one row per local change, deleted only when the server acknowledged it.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id  TEXT NOT NULL UNIQUE,      -- UUIDv7; the server applies each change_id once
    entity     TEXT NOT NULL,             -- household / person / employment / ...
    record_id  TEXT NOT NULL,
    fields     TEXT NOT NULL,             -- JSON {field: new value}
    base       TEXT NOT NULL,             -- JSON {field: server version the edit was made on}
    created_at TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'pending',  -- pending / error (rejected, kept until fixed)
    error      TEXT
);
CREATE INDEX outbox_record ON outbox(entity, record_id);

-- Conflicts: both sides changed the same field; the winner is applied, the loser is kept here.
CREATE TABLE conflict (
    id           TEXT PRIMARY KEY,
    entity       TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    field        TEXT NOT NULL,
    local_value  TEXT,                    -- JSON
    server_value TEXT,                    -- JSON
    created_at   TEXT NOT NULL,
    resolved_at  TEXT,
    resolution   TEXT                     -- local / server
);
CREATE INDEX conflict_open ON conflict(entity, record_id) WHERE resolved_at IS NULL;

-- Small key/value settings of this ledger: device id, sync cursor, account, reference-data version.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);
