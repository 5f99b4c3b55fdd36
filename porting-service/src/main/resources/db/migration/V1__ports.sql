-- Completed ports, as the change feed shows them: what the losing and the gaining OCN see.
CREATE TABLE port_record (
    number      text COLLATE "C" NOT NULL,
    position    bigint      NOT NULL,
    time        timestamptz NOT NULL,
    losing_ocn  text        NOT NULL,
    gaining_ocn text        NOT NULL,
    registrar   text        NOT NULL,
    PRIMARY KEY (number, position)
);
CREATE INDEX port_record_by_losing ON port_record (losing_ocn, position);
CREATE INDEX port_record_by_gaining ON port_record (gaining_ocn, position);
