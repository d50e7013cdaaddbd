-- pwingest schema, version 1. Applied by store::sqlite::migrate.
CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    link_name TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    list_id TEXT NOT NULL,
    list_email TEXT NOT NULL,
    subject_match TEXT NOT NULL DEFAULT '',
    web_url TEXT NOT NULL DEFAULT '',
    scm_url TEXT NOT NULL DEFAULT '',
    webscm_url TEXT NOT NULL DEFAULT '',
    list_archive_url TEXT NOT NULL DEFAULT '',
    list_archive_url_format TEXT NOT NULL DEFAULT '',
    commit_url_format TEXT NOT NULL DEFAULT '',
    UNIQUE (list_id, subject_match)
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT,
    email TEXT NOT NULL,
    -- lower-cased email: Patchwork looks people up with email__iexact
    email_key TEXT NOT NULL UNIQUE
);

-- Every mail accepted, raw, so records can be rebuilt and failures replayed.
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    received_at TEXT NOT NULL,
    msgid TEXT,
    -- patch, cover, comment, pending, dropped, error
    result TEXT NOT NULL,
    reason TEXT,
    -- project forced for this mail (--list-id or an LMTP recipient), if any
    forced_list_id TEXT
);
-- The bytes, apart so that recording a result does not rewrite them.
CREATE TABLE message_raw (
    message_id INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    raw BLOB NOT NULL
);
CREATE INDEX messages_result ON messages (result) WHERE result IN ('error', 'pending');

CREATE TABLE series (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    name TEXT,
    date TEXT NOT NULL,
    submitter_id INTEGER NOT NULL REFERENCES people (id),
    version INTEGER NOT NULL,
    total INTEGER NOT NULL,
    cover_id INTEGER,
    -- the patch ('p') or cover ('c') whose replay created this series
    -- the name without its leading [...] group, lower-cased: finds revisions
    name_key TEXT,
    creator_kind TEXT NOT NULL,
    creator_id INTEGER NOT NULL
);
CREATE INDEX series_creator ON series (creator_kind, creator_id);
CREATE INDEX series_revision_key ON series (project_id, submitter_id, name_key);
CREATE INDEX series_cover ON series (cover_id);

CREATE TABLE patches (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages (id),
    project_id INTEGER NOT NULL REFERENCES projects (id),
    msgid TEXT NOT NULL,
    name TEXT NOT NULL,
    date TEXT NOT NULL,
    headers TEXT NOT NULL,
    submitter_id INTEGER NOT NULL REFERENCES people (id),
    content TEXT NOT NULL,
    diff TEXT,
    hash TEXT,
    pull_url TEXT,
    state TEXT NOT NULL,
    series_id INTEGER REFERENCES series (id),
    number INTEGER,
    -- series inputs: subject marker, version, references (newline-joined)
    version INTEGER NOT NULL,
    x INTEGER,
    n INTEGER,
    refs TEXT NOT NULL,
    component INTEGER NOT NULL,
    -- tag counts of the patch's own content (§12); comments carry theirs
    acked INTEGER NOT NULL DEFAULT 0,
    reviewed INTEGER NOT NULL DEFAULT 0,
    tested INTEGER NOT NULL DEFAULT 0,
    UNIQUE (project_id, msgid)
);
CREATE INDEX patches_component ON patches (component);
CREATE INDEX patches_submitter_date ON patches (project_id, submitter_id, date);
CREATE INDEX patches_series ON patches (series_id);

CREATE TABLE covers (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages (id),
    project_id INTEGER NOT NULL REFERENCES projects (id),
    msgid TEXT NOT NULL,
    name TEXT NOT NULL,
    date TEXT NOT NULL,
    headers TEXT NOT NULL,
    submitter_id INTEGER NOT NULL REFERENCES people (id),
    content TEXT NOT NULL,
    version INTEGER NOT NULL,
    n INTEGER,
    refs TEXT NOT NULL,
    component INTEGER NOT NULL,
    UNIQUE (project_id, msgid)
);
CREATE INDEX covers_name ON covers (name);
CREATE INDEX covers_component ON covers (component);
CREATE INDEX covers_submitter_date ON covers (project_id, submitter_id, date);

-- Comments on patches ('p') and covers ('c'); parent_kind NULL = pending:
-- the parent has not arrived yet (kept, invisible in the API).
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages (id),
    project_id INTEGER NOT NULL REFERENCES projects (id),
    parent_kind TEXT,
    parent_id INTEGER,
    msgid TEXT NOT NULL,
    date TEXT NOT NULL,
    headers TEXT NOT NULL,
    submitter_id INTEGER REFERENCES people (id),
    sender_name TEXT,
    sender_email TEXT,
    content TEXT NOT NULL,
    addressed INTEGER,
    refs TEXT NOT NULL,
    acked INTEGER NOT NULL DEFAULT 0,
    reviewed INTEGER NOT NULL DEFAULT 0,
    tested INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comments_parent ON comments (parent_kind, parent_id);
CREATE INDEX comments_msgid ON comments (project_id, msgid);

-- Message-ID → records that are or reference it ('p' patch, 'c' cover,
-- 'm' comment): the reverse index behind threading.
CREATE TABLE refs (
    project_id INTEGER NOT NULL,
    msgid TEXT NOT NULL,
    owner_kind TEXT NOT NULL,
    owner_id INTEGER NOT NULL
);
CREATE INDEX refs_msgid ON refs (project_id, msgid);
CREATE INDEX refs_owner ON refs (owner_kind, owner_id);

-- Earlier/later versions of a series (pwingest addition, not in Patchwork 3.2).
CREATE TABLE series_revisions (
    older_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    newer_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    PRIMARY KEY (older_id, newer_id)
);

-- §12 tag counts of a patch: its own content plus every attached comment.
CREATE VIEW patch_tags AS
SELECT p.id AS patch_id,
       p.acked + COALESCE(SUM(c.acked), 0) AS acked,
       p.reviewed + COALESCE(SUM(c.reviewed), 0) AS reviewed,
       p.tested + COALESCE(SUM(c.tested), 0) AS tested
FROM patches p LEFT JOIN comments c ON c.parent_kind = 'p' AND c.parent_id = p.id
GROUP BY p.id;

-- Threading components: patches and covers linked by Message-IDs or by
-- series markers share one; series are replayed per component.
CREATE TABLE components (id INTEGER PRIMARY KEY);

-- Foreign-key children of messages: with foreign_keys on, deleting a
-- message (a duplicate delivery) checks each child table; without these
-- indexes that check scans patches, covers and comments in full (a
-- duplicate pipe delivery into a 34,000-message database read ~90 MB).
CREATE INDEX patches_message ON patches (message_id);
CREATE INDEX covers_message ON covers (message_id);
CREATE INDEX comments_message ON comments (message_id);
-- The other side of series_revisions' ON DELETE CASCADE.
CREATE INDEX series_revisions_newer ON series_revisions (newer_id);
