-- The registry's numbers and OCNs as the change feed shows them: the part of the state that
-- allocation, porting and whois all read (each service keeps its own copy in its own database).
CREATE TABLE ocn_record (
    ocn      text   PRIMARY KEY,
    name     text   NOT NULL,
    contact  text,
    position bigint NOT NULL
);

CREATE TABLE number_record (
    -- "C" collation: a number prefix is a plain range of the primary key.
    number            text COLLATE "C" PRIMARY KEY,
    ocn               text   NOT NULL,
    type              text,
    service_indicator text,
    zip               text,
    -- The consumer's PIN as a salted bcrypt hash (never the PIN); null when none is set.
    pin_hash          text,
    version           bigint NOT NULL,
    -- The last log position that changed the record.
    position          bigint NOT NULL,
    -- The record as events show it (Event.NumberView as JSON: no PIN hash).
    view              text   NOT NULL
);

CREATE INDEX number_record_by_ocn ON number_record (ocn, number);
CREATE INDEX number_record_by_zip ON number_record (zip, number) WHERE zip IS NOT NULL;
CREATE INDEX number_record_by_type ON number_record (type, number) WHERE type IS NOT NULL;
CREATE INDEX number_record_by_service ON number_record (service_indicator, number) WHERE service_indicator IS NOT NULL;
