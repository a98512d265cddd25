-- Event visibility (docs/architecture.md, "Visibility and publisher"): what was stored before it for a pattern
-- ("*", "chat.*") that no longer matches is not sent, retried or kept. Deliveries of ephemeral types go, and those
-- of private types to a subscription that does not name the type exactly; then the events nobody is owed.
-- The lists are EventTypes.visibility's; running this again changes nothing.

DELETE FROM delivery d
 USING webhook_event e, subscription s
 WHERE d.event_id = e.id
   AND d.subscription_id = s.id
   AND (e.type IN ('chat.typing', 'chat.read', 'presence.changed')
        OR (e.type IN ('chat.message', 'notification') AND NOT (e.type = ANY (s.event_types))));

DELETE FROM webhook_event e
 WHERE e.type IN ('chat.typing', 'chat.read', 'presence.changed', 'chat.message', 'notification')
   AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.event_id = e.id);
