-- A subject's events in order: to take back what changed after a position (snapshots and
-- digests at a past position).
CREATE INDEX archived_event_by_subject ON archived_event (subject, position, idx);
