-- Ports agreed for a later time (schedule-port), until they complete or are cancelled.
CREATE TABLE scheduled_port (
    number_key bigint      PRIMARY KEY,
    port_id    text        NOT NULL,
    losing_ocn char(4)     NOT NULL,
    gaining_ocn char(4)    NOT NULL,
    due_at     timestamptz NOT NULL
);
