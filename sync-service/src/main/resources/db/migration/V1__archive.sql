-- Every event of the registrar's changes topic, as published (append-only): the history that
-- GET /v1/changes serves from any position or time.
CREATE TABLE archived_event (
    position bigint      NOT NULL,
    idx      integer     NOT NULL,
    time     timestamptz NOT NULL,
    subject  text COLLATE "C",
    -- The OCNs the event concerns (holder, losing/gaining, registered): for filtering by OCN.
    ocns     text[]      NOT NULL,
    event    text        NOT NULL,
    PRIMARY KEY (position, idx)
);
CREATE INDEX archived_event_by_time ON archived_event (time, position);
CREATE INDEX archived_event_by_ocn ON archived_event USING gin (ocns);
