-- The Merkle digest of the numbers (registry-client Digests): per prefix of every allocated number
-- ("+", "+1", … the number itself) the XOR of the leaf hashes under it and how many there are.
CREATE TABLE digest_node (
    prefix text COLLATE "C" PRIMARY KEY,
    hash   bytea  NOT NULL,
    count  bigint NOT NULL
);
