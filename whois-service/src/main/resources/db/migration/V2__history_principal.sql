-- Who asked for each change (the command's principal: user name or API client id, and the
-- identity provider's subject); null for changes logged before principals were.
ALTER TABLE whois_history ADD COLUMN principal text;
ALTER TABLE whois_history ADD COLUMN principal_id text;
