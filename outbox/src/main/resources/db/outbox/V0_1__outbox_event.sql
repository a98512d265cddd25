-- The transactional outbox (module outbox): rows written in the same transaction as the change they announce.
-- A service takes it with quarkus.flyway.locations=db/migration,db/outbox; version 0.1 sorts before the
-- service's own V1, so a new database gets it first.
CREATE TABLE outbox_event (
    id              VARCHAR(26)  PRIMARY KEY,
    type            VARCHAR(64)  NOT NULL,
    payload         TEXT         NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    sent_at         TIMESTAMPTZ,
    attempts        INTEGER      NOT NULL DEFAULT 0,
    last_error      VARCHAR(500)
);
CREATE INDEX outbox_unsent ON outbox_event (created_at) WHERE sent_at IS NULL;
