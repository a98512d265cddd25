-- Boards. 'global' exists from the start; admins add more.
CREATE TABLE board (
    id              VARCHAR(64)  PRIMARY KEY,
    sort_order      VARCHAR(4)   NOT NULL,              -- DESC: higher is better; ASC: lower is better
    operator        VARCHAR(9)   NOT NULL,              -- BEST | SET | INCREMENT
    reset_period    VARCHAR(6),                         -- DAILY | WEEKLY (UTC) | NULL: never resets
    anonymous_view  BOOLEAN      NOT NULL DEFAULT FALSE, -- the WebSocket may be opened without a ticket
    created_at      TIMESTAMPTZ  NOT NULL
);
-- versions of pushed snapshots: one order across replicas, never taken twice (a sequence does not roll back)
CREATE SEQUENCE snapshot_version_seq;
INSERT INTO board (id, sort_order, operator, created_at) VALUES ('global', 'DESC', 'BEST', now());

-- One row per player per board period. period: 'all' on a board that never resets, else the first day of
-- the period (YYYY-MM-DD, a Monday for weekly boards). Of equal scores, the one reached earlier ranks first,
-- then the lower seq (so every replica orders ties alike). No foreign key to board on purpose: with many
-- writers on one board, every insert's key-share lock on the same board row costs more than the write itself;
-- the upsert checks that the board exists, and deleting a board deletes its scores in the same transaction.
CREATE SEQUENCE score_seq;
CREATE TABLE score (
    board_id        VARCHAR(64)  NOT NULL,
    period          VARCHAR(10)  NOT NULL,
    player          VARCHAR(64)  NOT NULL,
    name            VARCHAR(64)  NOT NULL,
    score           DOUBLE PRECISION NOT NULL,
    reached_at      BIGINT       NOT NULL,              -- epoch microseconds the score was reached
    seq             BIGINT       NOT NULL,
    revision        BIGINT       NOT NULL,              -- from score_seq at every change: never goes back
    metadata        VARCHAR(1024),
    updated_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (board_id, period, player)
);
-- rank order of a period on descending boards (ascending boards read it backwards per score)
CREATE INDEX score_rank ON score (board_id, period, score DESC, reached_at, seq);

-- Single-use WebSocket tickets (only their SHA-256 is kept), good on any replica for about 30 s.
CREATE TABLE ws_ticket (
    ticket_hash     VARCHAR(64)  PRIMARY KEY,
    user_id         VARCHAR(64)  NOT NULL,
    expires_at      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX ws_ticket_expiry ON ws_ticket (expires_at);

-- Orders; the Idempotency-Key is unique per buyer, with the hash of the request it first came with.
CREATE TABLE purchase_order (
    id              VARCHAR(26)  PRIMARY KEY,
    buyer           VARCHAR(64)  NOT NULL,
    currency        CHAR(3)      NOT NULL,
    total           NUMERIC(19, 4) NOT NULL,
    items           TEXT         NOT NULL,            -- JSON array of {sku, quantity, unitPrice}
    status          VARCHAR(16)  NOT NULL,
    idempotency_key VARCHAR(128),
    request_hash    VARCHAR(64),
    created_at      TIMESTAMPTZ  NOT NULL,
    CONSTRAINT purchase_order_idempotency UNIQUE (buyer, idempotency_key)
);
CREATE INDEX purchase_order_buyer ON purchase_order (buyer, created_at DESC, id DESC);
