package dev.holdline.events;

/**
 * Who may see events of a type outside Holdline's own services ({@link EventTypes#visibility}).
 */
public enum EventVisibility {

    /** What happened in the domain (an image, a score, a board, an order): for integrations; webhook patterns match it. */
    DOMAIN,

    /** What users wrote to each other: sent to a third party only when a subscription names the type exactly. */
    PRIVATE,

    /** Moment-to-moment signals (typing, read receipts, presence): never leave Holdline. */
    EPHEMERAL
}
