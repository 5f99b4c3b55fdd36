-- Which keys of each thousand have a record, as a bitmap of 1,000 bits (125 bytes; key k of the
-- thousand is bit k: byte k / 8, least significant bit first — PostgreSQL's get_bit order and
-- java.util.BitSet's byte order): the lowest free number is found from one row, not by reading
-- up to a thousand records.
ALTER TABLE number_thousand ADD COLUMN taken bytea;

CREATE FUNCTION pg_temp.thousand_bits(keys integer[]) RETURNS bytea LANGUAGE plpgsql AS $$
DECLARE
    bits bytea := decode(repeat('00', 125), 'hex');
    k integer;
BEGIN
    FOREACH k IN ARRAY keys LOOP
        bits := set_bit(bits, k, 1);
    END LOOP;
    RETURN bits;
END $$;

UPDATE number_thousand t SET taken = pg_temp.thousand_bits(ARRAY(
    SELECT (r.number_key - t.thousand * 1000)::integer FROM number_record r
    WHERE r.number_key BETWEEN t.thousand * 1000 AND t.thousand * 1000 + 999));

ALTER TABLE number_thousand ALTER COLUMN taken SET NOT NULL;
ALTER TABLE number_thousand ADD CONSTRAINT number_thousand_taken_size CHECK (length(taken) = 125);
