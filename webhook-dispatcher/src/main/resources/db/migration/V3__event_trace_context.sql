-- The trace each event came in (W3C traceparent and tracestate of the consumer span that took it; null for events
-- stored before, and for test events sent outside any trace). Every attempt at the event's deliveries, the retries
-- the sender makes later included, is a span in that trace: one order, one trace, to each webhook attempt.
ALTER TABLE webhook_event ADD COLUMN traceparent VARCHAR(128);
ALTER TABLE webhook_event ADD COLUMN tracestate VARCHAR(512);
