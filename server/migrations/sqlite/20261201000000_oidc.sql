-- Logins through OpenID Connect providers: the level of assurance (acr) the provider reported,
-- and the ID token, sent back as id_token_hint when the person logs out at the provider too.
ALTER TABLE sessions ADD COLUMN acr TEXT;
ALTER TABLE sessions ADD COLUMN id_token TEXT;

-- Agency systems authenticated by OAuth 2.0 access tokens are identified by the token's
-- client_id. Such a system has no API key of its own: its key_hash is the hash of a random
-- value nobody knows.
ALTER TABLE agency_systems ADD COLUMN client_id TEXT;
CREATE UNIQUE INDEX agency_systems_client_id_idx ON agency_systems (client_id) WHERE client_id IS NOT NULL;
