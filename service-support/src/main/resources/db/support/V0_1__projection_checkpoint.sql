-- Every consumer of numreg.changes stores, per projection, the last log position it applied,
-- in the same transaction as the change itself: replaying an event is then a no-op (design §5).
CREATE TABLE projection_checkpoint (
    projection text   PRIMARY KEY,
    position   bigint NOT NULL CHECK (position >= 0)
);
