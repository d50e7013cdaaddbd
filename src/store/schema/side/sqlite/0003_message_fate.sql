-- pwingest's own tables (SQLite), version 3: what became of every mail
-- (issue 9), for `pwingest messages list/show` and `failed retry`.
--
-- status: the machine-readable fate beside `result`, in the words of the
-- ingest JSON lines (`stored`, `pending`, `duplicate`, `no-project`,
-- `ignored`, `empty`, `unthreaded`, `invalid`).
-- list_id, from_header, subject: the mail's headline as it was routed.
-- updated_at: when `result` last changed (a retry, a waiting reply attached).
-- raw_sha256: with forced_list_id, the mail's identity: the same bytes
-- delivered again for the same forced list are the same mail, processed
-- again under its row instead of being filed twice.
-- Rows from before version 3 get list_id, from_header, subject and raw_sha256 from
-- their raw mail when pwingest first opens the database (they need parsing).
ALTER TABLE pwingest_message ADD COLUMN status TEXT;
ALTER TABLE pwingest_message ADD COLUMN list_id TEXT;
ALTER TABLE pwingest_message ADD COLUMN from_header TEXT;
ALTER TABLE pwingest_message ADD COLUMN subject TEXT;
ALTER TABLE pwingest_message ADD COLUMN updated_at TEXT;
ALTER TABLE pwingest_message ADD COLUMN raw_sha256 TEXT;
CREATE INDEX pwingest_message_identity ON pwingest_message (raw_sha256);

-- Replies that waited for their parent and were attached since are comments.
UPDATE pwingest_message SET result = 'comment'
WHERE result = 'pending'
  AND id IN (SELECT message_id FROM pwingest_comment WHERE kind IS NOT NULL);

UPDATE pwingest_message SET updated_at = received_at, status = CASE
    WHEN result IN ('patch', 'cover', 'comment') THEN 'stored'
    WHEN result = 'pending' THEN 'pending'
    WHEN result = 'error' THEN 'invalid'
    WHEN reason LIKE 'dropped: X-Patchwork-Hint%' THEN 'ignored'
    WHEN reason LIKE 'dropped: no project%' THEN 'no-project'
    WHEN reason LIKE 'dropped: nothing to work with%' THEN 'empty'
    WHEN reason LIKE 'dropped: neither a patch%' THEN 'unthreaded'
    ELSE result
END;
