-- pwingest's own tables, beside Patchwork's (SQLite), version 1; side/postgres/
-- has the same tables for PostgreSQL.
-- What Patchwork has no column for: the raw mail, failed and pending mail,
-- the thread index and components, series revisions, settings.

-- Every mail accepted, raw, so records can be rebuilt and failures replayed.
CREATE TABLE pwingest_message (
    id INTEGER PRIMARY KEY,
    received_at TEXT NOT NULL,
    msgid TEXT,
    -- patch, cover, comment, pending, dropped, error
    result TEXT NOT NULL,
    reason TEXT,
    -- project forced for this mail (--list-id or an LMTP recipient), if any
    forced_list_id TEXT
);
CREATE INDEX pwingest_message_result ON pwingest_message (result) WHERE result IN ('error', 'pending');
-- The bytes, apart so that recording a result does not rewrite them.
CREATE TABLE pwingest_message_raw (
    message_id INTEGER PRIMARY KEY REFERENCES pwingest_message (id) ON DELETE CASCADE,
    raw BLOB NOT NULL
);

-- Series inputs of a patch ('p', patchwork_patch) or cover letter ('c',
-- patchwork_cover): subject marker, version, references, the mail it came
-- from, and its threading component; project, submitter and date repeat
-- the record's so that the series-marker search has an index.
CREATE TABLE pwingest_submission (
    kind TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    message_id INTEGER,
    project_id INTEGER NOT NULL,
    submitter_id INTEGER NOT NULL,
    date TEXT NOT NULL,
    version INTEGER NOT NULL,
    x INTEGER,
    n INTEGER,
    refs TEXT NOT NULL,
    component INTEGER NOT NULL,
    PRIMARY KEY (kind, record_id)
) WITHOUT ROWID;
CREATE INDEX pwingest_submission_component ON pwingest_submission (component);
CREATE INDEX pwingest_submission_message ON pwingest_submission (message_id);
CREATE INDEX pwingest_submission_markers ON pwingest_submission (project_id, submitter_id, date);

-- Replies: attached ones point at their patchwork_patchcomment ('p') or
-- patchwork_covercomment ('c') row; pending ones (parent not received
-- yet, kind NULL) keep their fields here until it arrives.
CREATE TABLE pwingest_comment (
    id INTEGER PRIMARY KEY,
    message_id INTEGER,
    project_id INTEGER NOT NULL,
    msgid TEXT NOT NULL,
    kind TEXT,
    record_id INTEGER,
    refs TEXT NOT NULL,
    sender_name TEXT,
    sender_email TEXT,
    date TEXT,
    headers TEXT,
    content TEXT,
    addressed INTEGER
);
CREATE INDEX pwingest_comment_record ON pwingest_comment (kind, record_id);
CREATE INDEX pwingest_comment_msgid ON pwingest_comment (project_id, msgid);
CREATE INDEX pwingest_comment_message ON pwingest_comment (message_id);

-- Message-ID → records that are or reference it ('p' patch, 'c' cover,
-- 'm' pwingest_comment): the reverse index behind threading.
CREATE TABLE pwingest_ref (
    project_id INTEGER NOT NULL,
    msgid TEXT NOT NULL,
    owner_kind TEXT NOT NULL,
    owner_id INTEGER NOT NULL
);
CREATE INDEX pwingest_ref_msgid ON pwingest_ref (project_id, msgid);
CREATE INDEX pwingest_ref_owner ON pwingest_ref (owner_kind, owner_id);

-- Threading components: patches and covers linked by Message-IDs or by
-- series markers share one; series are replayed per component.
CREATE TABLE pwingest_component (id INTEGER PRIMARY KEY);

-- The member whose replay created a series, and its name's revision key.
CREATE TABLE pwingest_series (
    series_id INTEGER PRIMARY KEY,
    creator_kind TEXT NOT NULL,
    creator_id INTEGER NOT NULL,
    name_key TEXT
);
CREATE INDEX pwingest_series_creator ON pwingest_series (creator_kind, creator_id);
CREATE INDEX pwingest_series_name_key ON pwingest_series (name_key);

-- Earlier/later versions of a series (not in Patchwork 3.2).
CREATE TABLE pwingest_series_revision (
    older_id INTEGER NOT NULL,
    newer_id INTEGER NOT NULL,
    PRIMARY KEY (older_id, newer_id)
);
CREATE INDEX pwingest_series_revision_newer ON pwingest_series_revision (newer_id);

-- pwingest's settings (`key` → `value`), read by every writer.
CREATE TABLE pwingest_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A patch's tag counts by the stock tags, from `patchwork_patchtag`.
CREATE VIEW pwingest_patch_tags AS
SELECT p.id AS patch_id,
       COALESCE(SUM(CASE WHEN t.name = 'Acked-by' THEN pt.count END), 0) AS acked,
       COALESCE(SUM(CASE WHEN t.name = 'Reviewed-by' THEN pt.count END), 0) AS reviewed,
       COALESCE(SUM(CASE WHEN t.name = 'Tested-by' THEN pt.count END), 0) AS tested
FROM patchwork_patch p
LEFT JOIN patchwork_patchtag pt ON pt.patch_id = p.id
LEFT JOIN patchwork_tag t ON t.id = pt.tag_id
GROUP BY p.id;
