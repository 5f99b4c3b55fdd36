-- Every committed change of each number, oldest first (the prototype's "Log"). PIN hashes are
-- left out of the data.
CREATE TABLE whois_history (
    number    text COLLATE "C" NOT NULL,
    position  bigint      NOT NULL,
    idx       integer     NOT NULL,
    time      timestamptz NOT NULL,
    type      text        NOT NULL,
    registrar text        NOT NULL,
    command   text        NOT NULL,
    data      text        NOT NULL,
    PRIMARY KEY (number, position, idx)
);
