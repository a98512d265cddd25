package dev.holdline.webhooks.service;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A subscription's event types: an exact type ({@code image.completed}), a prefix ({@code order.*}: every
 * type starting {@code order.}) or {@code *} (every event).
 */
public final class EventPatterns {

    public static final int MAX_PATTERNS = 50;
    private static final Pattern GRAMMAR = Pattern.compile("\\*|[a-z0-9_-]{1,64}(\\.[a-z0-9_-]{1,64}){0,7}(\\.\\*)?");

    public static boolean isValid(String pattern) {
        return pattern != null && pattern.length() <= 200 && GRAMMAR.matcher(pattern).matches();
    }

    public static boolean matches(String pattern, String type) {
        if ("*".equals(pattern)) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            return type.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(type);
    }

    public static boolean anyMatches(List<String> patterns, String type) {
        for (String pattern : patterns) {
            if (matches(pattern, type)) {
                return true;
            }
        }
        return false;
    }

    private EventPatterns() {
    }
}
