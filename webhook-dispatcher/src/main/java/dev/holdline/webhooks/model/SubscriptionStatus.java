package dev.holdline.webhooks.model;

/** ACTIVE sends; PAUSED keeps what arrives and sends it on resume; DISABLED (410, long failing) takes nothing. */
public enum SubscriptionStatus {
    ACTIVE, PAUSED, DISABLED
}
