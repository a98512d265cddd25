-- Subscriptions, the events they are owed, one delivery per (event, subscription) and every attempt.

CREATE TABLE subscription (
    id                    text PRIMARY KEY,                 -- sub_<ULID>
    url                   text        NOT NULL,
    event_types           text[]      NOT NULL,             -- patterns: "order.placed", "order.*", "*"
    description           text,
    headers               jsonb       NOT NULL DEFAULT '{}',
    naming                text        NOT NULL DEFAULT 'HOLDLINE',  -- HOLDLINE | SEED (order.placed -> PURCHASE_COMPLETED)
    status                text        NOT NULL,             -- ACTIVE | PAUSED | DISABLED
    disabled_reason       text,
    secret                text        NOT NULL,             -- whsec_<base64>
    previous_secret       text,                             -- still signed with until previous_secret_until
    previous_secret_until timestamptz,
    config_name           text UNIQUE,                      -- set for subscriptions made from configuration
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    last_success_at       timestamptz,
    failing_since         timestamptz,                      -- first failure since the last success
    consecutive_failures  integer     NOT NULL DEFAULT 0,
    circuit_open_until    timestamptz                       -- no sends before this (a dead endpoint backs off)
);

CREATE TABLE webhook_event (
    id          text PRIMARY KEY,                           -- the CloudEvent's id: taking an event twice is a no-op
    type        text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    body        bytea       NOT NULL,                       -- the exact bytes sent and signed: {type, timestamp, data}
    seed_body   bytea                                       -- the same under the seeds' type name, when it differs
);

CREATE TABLE delivery (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id      text        NOT NULL UNIQUE,            -- msg_<ULID>: the webhook-id header, the same on every re-send
    event_id        text        NOT NULL REFERENCES webhook_event (id) ON DELETE CASCADE,
    subscription_id text        NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    event_type      text        NOT NULL,                   -- the type as the receiver sees it
    status          text        NOT NULL,                   -- PENDING | SUCCEEDED | FAILED
    attempts        integer     NOT NULL DEFAULT 0,         -- attempts in this round: the retry schedule's position
    next_attempt_at timestamptz NOT NULL,                   -- while a sender holds it: the end of its lease
    lease           uuid,                                   -- the sender's claim; a result with another lease is stale
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_attempt_at timestamptz,
    completed_at    timestamptz,
    UNIQUE (event_id, subscription_id)
);

-- two lanes: first attempts are never queued behind retries
CREATE INDEX delivery_due_first ON delivery (subscription_id, next_attempt_at) WHERE status = 'PENDING' AND attempts = 0;
CREATE INDEX delivery_due_retry ON delivery (subscription_id, next_attempt_at) WHERE status = 'PENDING' AND attempts > 0;
CREATE INDEX delivery_listing ON delivery (id DESC, subscription_id, status);
CREATE INDEX delivery_done ON delivery (completed_at) WHERE status = 'SUCCEEDED';

CREATE TABLE attempt (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id   bigint      NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    attempted_at  timestamptz NOT NULL,
    duration_ms   integer     NOT NULL,
    succeeded     boolean     NOT NULL,
    status_code   integer,                                  -- absent when no response came
    error_kind    text,                                     -- HTTP_STATUS | TIMEOUT | CONNECT | DNS | BLOCKED_ADDRESS | TLS | IO
    error         text,
    resolved_ip   text,
    response_body text                                      -- the first webhooks.response-body-cap bytes
);

CREATE INDEX attempt_of_delivery ON attempt (delivery_id, id);
CREATE INDEX attempt_age ON attempt (attempted_at);
