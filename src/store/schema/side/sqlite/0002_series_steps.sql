-- pwingest's tables, version 2 (SQLite): what lets a new patch update its
-- series in one step instead of replaying its whole component (issue 14).

-- The member whose turn ends the replay the component's series are the
-- outcome of (the last in canonical order: date, then Message-ID), and the
-- fixes that replay ran with. NULL when pwingest has not replayed the
-- component as it is now (adopted, merged, a member changed or removed).
ALTER TABLE pwingest_component ADD COLUMN replayed_kind TEXT;
ALTER TABLE pwingest_component ADD COLUMN replayed_id INTEGER;
ALTER TABLE pwingest_component ADD COLUMN replayed_fixes INTEGER;
-- How many patches, cover letters and series there were when pwingest last
-- committed, and their highest ids (one row): others at its next
-- transaction mean the site changed records (Patchwork's admin deletes
-- with Django's cascades), and the components that lost one lose their mark.
CREATE TABLE pwingest_records_seen (
    patches INTEGER NOT NULL,
    max_patch INTEGER NOT NULL,
    covers INTEGER NOT NULL,
    max_cover INTEGER NOT NULL,
    series INTEGER NOT NULL,
    max_series INTEGER NOT NULL
);

-- The component of a series' creator, so that a component's series are
-- found without reading its members.
ALTER TABLE pwingest_series ADD COLUMN component INTEGER NOT NULL DEFAULT 0;
UPDATE pwingest_series SET component = COALESCE((SELECT m.component FROM pwingest_submission m
    WHERE m.kind = pwingest_series.creator_kind AND m.record_id = pwingest_series.creator_id), 0);
CREATE INDEX pwingest_series_component ON pwingest_series (component);

-- A submission's 20-minute slot (seconds since the epoch of its naive date,
-- divided by 1200, truncated), so that the series-marker search visits each
-- component of a submitter's slot once instead of each of its mails.
ALTER TABLE pwingest_submission ADD COLUMN bucket INTEGER NOT NULL DEFAULT 0;
UPDATE pwingest_submission SET bucket = COALESCE(CAST(strftime('%s', date) AS INTEGER) / 1200, 0);
DROP INDEX pwingest_submission_markers;
CREATE INDEX pwingest_submission_markers
    ON pwingest_submission (project_id, submitter_id, version, kind, n, bucket, component, date);
-- A component's patches by number ("does a later one have this number?").
CREATE INDEX pwingest_submission_number ON pwingest_submission (component, x);
