-- Ports as requests with a status: scheduled (due later), completed, or cancelled. Replaces
-- port_record; the read model is rebuilt from the topic (checkpoint back to the start).
DROP TABLE port_record;

CREATE TABLE port_request (
    port_id            text PRIMARY KEY,
    number             text COLLATE "C" NOT NULL,
    losing_ocn         text        NOT NULL,
    gaining_ocn        text        NOT NULL,
    -- The registrar whose porting service took the request: it completes a scheduled port when due.
    registrar          text        NOT NULL,
    status             text        NOT NULL CHECK (status IN ('scheduled', 'completed', 'cancelled')),
    due_at             timestamptz,
    requested_position bigint      NOT NULL,
    requested_at       timestamptz NOT NULL,
    ended_position     bigint,
    ended_at           timestamptz,
    reason             text
);
CREATE INDEX port_request_by_number ON port_request (number, requested_position);
CREATE INDEX port_request_by_losing ON port_request (losing_ocn, requested_position);
CREATE INDEX port_request_by_gaining ON port_request (gaining_ocn, requested_position);
CREATE INDEX port_request_due ON port_request (due_at) WHERE status = 'scheduled';

DELETE FROM number_record;
DELETE FROM ocn_record;
UPDATE projection_checkpoint SET position = 0, event_index = -1, complete_position = 0, next_offset = 0;
