-- The outbox module keeps each event's enqueuing trace context (its db/outbox R__outbox_trace_context.sql); this
-- service's V1 created outbox_event itself, so the columns are added here.
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS traceparent VARCHAR(128);
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS tracestate VARCHAR(512);
