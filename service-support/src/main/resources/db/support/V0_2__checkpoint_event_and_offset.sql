-- A position's events may arrive in two polls: the checkpoint names the last event applied
-- (position, index), the highest position applied completely (what a read reflects), and the
-- topic offset to read on from after a restart.
ALTER TABLE projection_checkpoint
    ADD COLUMN event_index       integer NOT NULL DEFAULT -1,
    ADD COLUMN complete_position bigint  NOT NULL DEFAULT 0,
    ADD COLUMN next_offset       bigint  NOT NULL DEFAULT 0 CHECK (next_offset >= 0);
