-- The consensus-service's durable state. Paxos (paxos module): the acceptor's promise and
-- accepted values, the decided slots (until compacted into a snapshot). The application: where
-- the log has been applied to, its hash chain, and the events not yet on Kafka.

CREATE TABLE paxos_promise (
    id    integer PRIMARY KEY CHECK (id = 1),
    round bigint  NOT NULL,
    node  integer NOT NULL
);

CREATE TABLE paxos_accepted (
    slot  bigint  PRIMARY KEY,
    round bigint  NOT NULL,
    node  integer NOT NULL,
    value bytea   NOT NULL          -- WireFormat
);

CREATE TABLE paxos_decided (
    slot  bigint PRIMARY KEY,
    value bytea  NOT NULL           -- WireFormat
);

CREATE TABLE paxos_snapshot (
    id         integer PRIMARY KEY CHECK (id = 1),
    slot       bigint  NOT NULL,
    membership bytea   NOT NULL     -- WireFormat
);

-- How far the log is applied: the last slot and position, the commit time and the chain hash.
CREATE TABLE log_head (
    id          integer     PRIMARY KEY CHECK (id = 1),
    slot        bigint      NOT NULL,
    position    bigint      NOT NULL,
    commit_time timestamptz NOT NULL,
    hash        bytea       NOT NULL
);
INSERT INTO log_head (id, slot, position, commit_time, hash)
VALUES (1, 0, 0, 'epoch', decode('0000000000000000000000000000000000000000000000000000000000000000', 'hex'));

-- Events of applied positions, written in the same transaction as the state change, deleted
-- once Kafka has them: publishing is exactly once across crashes.
CREATE TABLE outbox (
    position bigint  NOT NULL,
    idx      integer NOT NULL,
    payload  bytea   NOT NULL,      -- the CloudEvent, structured JSON
    PRIMARY KEY (position, idx)
);
