-- Wrong PINs count per channel (ports, lookups) and close a channel for a back-off window in
-- commit time instead of locking the number until its OCN sets the PIN again (PinFailures).
-- A number locked before keeps its port channel closed for a day from its last change.
ALTER TABLE number_record ADD COLUMN pin_locked_until timestamptz;
UPDATE number_record SET pin_locked_until = updated_at + interval '1 day' WHERE pin_locked;
ALTER TABLE number_record DROP COLUMN pin_locked;
ALTER TABLE number_record ADD COLUMN lookup_pin_failures integer NOT NULL DEFAULT 0;
ALTER TABLE number_record ADD COLUMN lookup_pin_locked_until timestamptz;
