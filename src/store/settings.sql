-- pwingest's own settings (key/value), read by every writer: see settings.rs.
CREATE TABLE IF NOT EXISTS pwingest_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- §12 tag counts of a patch: its own content plus every attached comment;
-- with the `tags-on-cover-letter` fix on (issue 13, getpatchwork/patchwork#113)
-- also every comment on the cover letter of the patch's series. Tag counts
-- are derived data (Patchwork recomputes them on every save), so the view
-- follows the current setting.
DROP VIEW IF EXISTS patch_tags;
CREATE VIEW patch_tags AS
WITH cover_tags_on AS (
    SELECT EXISTS (
        SELECT 1 FROM pwingest_settings
        WHERE key = 'fixes'
          AND (value = 'all' OR instr(',' || value || ',', ',tags-on-cover-letter,') > 0)
    ) AS fix
)
SELECT p.id AS patch_id,
       p.acked + COALESCE(SUM(c.acked), 0) AS acked,
       p.reviewed + COALESCE(SUM(c.reviewed), 0) AS reviewed,
       p.tested + COALESCE(SUM(c.tested), 0) AS tested
FROM patches p
LEFT JOIN series s ON s.id = p.series_id
LEFT JOIN comments c
       ON (c.parent_kind = 'p' AND c.parent_id = p.id)
       OR (c.parent_kind = 'c' AND c.parent_id = s.cover_id
           AND (SELECT fix FROM cover_tags_on))
GROUP BY p.id;
