-- Scores posted with an Idempotency-Key (unique per board and player), with the hash of the request and what it
-- left: a retry (after a timeout, say) is answered from here instead of being applied again, so that an
-- increment counts once. Kept for leaderboard.idempotency-retention (24 h), then deleted.
CREATE TABLE score_request (
    board_id        VARCHAR(64)  NOT NULL,
    player          VARCHAR(64)  NOT NULL,
    idempotency_key VARCHAR(128) NOT NULL,
    request_hash    VARCHAR(64)  NOT NULL,
    period          VARCHAR(10)  NOT NULL,
    name            VARCHAR(64)  NOT NULL,
    score           DOUBLE PRECISION NOT NULL,          -- the player's score as the request left it
    improved        BOOLEAN      NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (board_id, player, idempotency_key)
);
CREATE INDEX score_request_created ON score_request (created_at);
