-- pwingest's tables, version 2 (PostgreSQL): the columns and indexes of
-- side/sqlite/0002_series_steps.sql (a new patch updates its series in one
-- step instead of replaying its whole component; issue 14), PostgreSQL's types.

ALTER TABLE pwingest_component ADD COLUMN replayed_kind text;
ALTER TABLE pwingest_component ADD COLUMN replayed_id bigint;
ALTER TABLE pwingest_component ADD COLUMN replayed_fixes bigint;
-- The record counts and highest ids at pwingest's last commit (one row).
CREATE TABLE pwingest_records_seen (
    patches bigint NOT NULL,
    max_patch bigint NOT NULL,
    covers bigint NOT NULL,
    max_cover bigint NOT NULL,
    series bigint NOT NULL,
    max_series bigint NOT NULL
);

ALTER TABLE pwingest_series ADD COLUMN component bigint NOT NULL DEFAULT 0;
UPDATE pwingest_series SET component = COALESCE((SELECT m.component FROM pwingest_submission m
    WHERE m.kind = pwingest_series.creator_kind AND m.record_id = pwingest_series.creator_id), 0);
CREATE INDEX pwingest_series_component ON pwingest_series (component);

-- The 20-minute slot: whole seconds since the epoch of the naive date
-- text (read as UTC, as SQLite's strftime('%s') does), divided, truncated.
ALTER TABLE pwingest_submission ADD COLUMN bucket bigint NOT NULL DEFAULT 0;
UPDATE pwingest_submission
    SET bucket = floor(EXTRACT(EPOCH FROM date::timestamp))::bigint / 1200;
DROP INDEX pwingest_submission_markers;
CREATE INDEX pwingest_submission_markers
    ON pwingest_submission (project_id, submitter_id, version, kind, n, bucket, component, date);
CREATE INDEX pwingest_submission_number ON pwingest_submission (component, x);
