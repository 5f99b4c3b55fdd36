-- The pool as the change feed shows it: open ranges and assigned thousands-blocks (numbers and
-- OCNs are in number_record / ocn_record).
CREATE TABLE allocation_range (
    prefix   text COLLATE "C" PRIMARY KEY,
    digits   integer NOT NULL,
    position bigint  NOT NULL
);

CREATE TABLE allocation_block (
    block    text PRIMARY KEY,
    ocn      text   NOT NULL,
    position bigint NOT NULL
);
CREATE INDEX allocation_block_by_ocn ON allocation_block (ocn, block);
