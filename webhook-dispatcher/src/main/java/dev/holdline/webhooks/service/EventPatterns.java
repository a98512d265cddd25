package dev.holdline.webhooks.service;

import dev.holdline.events.EventTypes;
import dev.holdline.events.EventVisibility;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A subscription's event types: an exact type ({@code image.completed}), a prefix ({@code order.*}: every
 * type starting {@code order.}) or {@code *}. What each matches follows the type's {@link EventVisibility}:
 * {@code *} and prefixes match {@link EventVisibility#DOMAIN domain} events only; a
 * {@link EventVisibility#PRIVATE private} type ({@code chat.message}, {@code notification}) only its exact name;
 * an {@link EventVisibility#EPHEMERAL ephemeral} one nothing (naming it is refused). A type Holdline does not
 * publish has no visibility: like a private one, only its exact name matches it.
 */
public final class EventPatterns {

    public static final int MAX_PATTERNS = 50;
    private static final Pattern GRAMMAR = Pattern.compile("\\*|[a-z0-9_-]{1,64}(\\.[a-z0-9_-]{1,64}){0,7}(\\.\\*)?");

    public static boolean isValid(String pattern) {
        return pattern != null && pattern.length() <= 200 && GRAMMAR.matcher(pattern).matches();
    }

    /** Why a valid pattern may not be subscribed to (it names an ephemeral type), or empty. */
    public static Optional<String> refusal(String pattern) {
        if (EventTypes.visibility(pattern).orElse(null) == EventVisibility.EPHEMERAL) {
            return Optional.of("'" + pattern + "' is ephemeral (typing, read receipts, presence) and never sent");
        }
        return Optional.empty();
    }

    public static boolean matches(String pattern, String type) {
        Optional<EventVisibility> visibility = EventTypes.visibility(type);
        if ("*".equals(pattern)) {
            return visibility.orElse(null) == EventVisibility.DOMAIN;
        }
        if (pattern.endsWith(".*")) {
            return visibility.orElse(null) == EventVisibility.DOMAIN
                    && type.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(type) && visibility.orElse(null) != EventVisibility.EPHEMERAL;
    }

    public static boolean anyMatches(List<String> patterns, String type) {
        for (String pattern : patterns) {
            if (matches(pattern, type)) {
                return true;
            }
        }
        return false;
    }

    /** The private types the patterns name exactly: what the subscription sends of users' own words. */
    public static List<String> privateTypes(List<String> patterns) {
        return patterns.stream()
                .filter(p -> EventTypes.visibility(p).orElse(null) == EventVisibility.PRIVATE).toList();
    }

    private EventPatterns() {
    }
}
