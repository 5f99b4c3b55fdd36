-- One version sequence with consensus-service's db/migration (V2 is its log), which runs these too.
-- The state machine alone reads an applied command's outcome, whole, by command id: PostgreSQL
-- need not parse it as jsonb with every command applied (the dearest insert of an apply).
ALTER TABLE applied_command ALTER COLUMN applied TYPE bytea USING convert_to(applied::text, 'UTF8');
