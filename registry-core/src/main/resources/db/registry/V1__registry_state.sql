-- The registry state the state machine keeps (registry-core, JdbcRegistryStore). Free numbers
-- have no row: a number is free when a range is open for it and number_record has no row.

CREATE TABLE number_record (
    number_key     bigint      PRIMARY KEY,          -- the digits of the E.164 number
    ocn            char(4)     NOT NULL,
    properties     jsonb       NOT NULL,
    pin_hash       text,
    pin_failures   integer     NOT NULL,
    pin_locked     boolean     NOT NULL,
    port_protected boolean     NOT NULL,
    version        bigint      NOT NULL,
    allocated_at   timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

-- How many records each run of 1,000 keys (key / 1000) holds: the search for the lowest free
-- number skips full thousands without reading their records.
CREATE TABLE number_thousand (
    thousand bigint  PRIMARY KEY,
    used     integer NOT NULL CHECK (used BETWEEN 0 AND 1000)
);

CREATE TABLE ocn (
    ocn     char(4) PRIMARY KEY,
    name    text    NOT NULL,
    contact text
);

CREATE TABLE number_range (
    prefix    text    PRIMARY KEY,
    digits    integer NOT NULL,
    first_key bigint  NOT NULL
);

CREATE TABLE number_block (
    block char(7) PRIMARY KEY,                    -- NPA NXX X
    ocn   char(4) NOT NULL
);

CREATE TABLE registrar (
    id       text    PRIMARY KEY,
    node     integer NOT NULL UNIQUE,
    endpoint text    NOT NULL
);

-- The first application of each command id (deduplication), with its outcome.
CREATE TABLE applied_command (
    command_id text   PRIMARY KEY,
    position   bigint NOT NULL,
    applied    jsonb  NOT NULL
);
