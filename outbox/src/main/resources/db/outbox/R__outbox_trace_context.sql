-- The trace context of the transaction that enqueued each event (W3C traceparent and tracestate; null for a row
-- written without one), which the relay's publish continues.
-- Repeatable and idempotent rather than versioned: services take db/outbox beside their own db/migration, whose
-- versions (V1, V2, ...) are already above 0.1 in existing databases, so a V0_2 here would be an out-of-order
-- migration Flyway refuses there; this runs after every versioned migration, once (again only if it changes).
-- upload-service, whose V1 made the table itself, adds the same columns in its own V2.
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS traceparent VARCHAR(128);
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS tracestate VARCHAR(512);
