-- The clinic's Stripe account, as last verified. The secret key itself lives
-- only in the OS keychain; this row holds what may be shown.
CREATE TABLE stripe_connection (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    account_id       TEXT    NOT NULL CHECK (substr(account_id, 1, 5) = 'acct_'),
    display_name     TEXT    NOT NULL DEFAULT '',
    country          TEXT    NOT NULL DEFAULT '',
    default_currency TEXT    NOT NULL DEFAULT '',
    livemode         BOOLEAN NOT NULL CHECK (livemode IN (FALSE, TRUE)),
    -- "sk_test_…abcd": enough to recognise the key, useless to anyone else.
    key_hint         TEXT    NOT NULL,
    restricted       BOOLEAN NOT NULL CHECK (restricted IN (FALSE, TRUE)),
    -- 'ok' while Stripe accepts the key; 'invalid' once it has refused it.
    key_status       TEXT    NOT NULL DEFAULT 'ok' CHECK (key_status IN ('ok', 'invalid')),
    connected_at     TEXT    NOT NULL,
    verified_at      TEXT    NOT NULL
);
