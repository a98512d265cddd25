package dev.holdline.webhooks.service;

import dev.holdline.platform.rest.ApiException;
import dev.holdline.webhooks.model.Naming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks of a subscription's fields, from the admin API or from configuration: each a 400 naming the field. */
final class SubscriptionFields {

    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    /** Headers a subscription may not set: Holdline's signature, the body's description and the connection's. */
    private static final Set<String> PROTECTED = Set.of("host", "content-type", "content-length", "content-encoding",
            "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "user-agent",
            "proxy-authorization", "proxy-connection");
    static final int MAX_HEADERS = 20;
    static final int MAX_DESCRIPTION = 500;

    /** At most {@value #MAX_DESCRIPTION} characters. */
    static String description(String description) {
        if (description.length() > MAX_DESCRIPTION) {
            throw ApiException.badRequest("description", "at most " + MAX_DESCRIPTION + " characters");
        }
        return description;
    }

    /** HOLDLINE or SEED, in any case. */
    static Naming naming(String naming) {
        try {
            return Naming.valueOf(naming.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("naming", "HOLDLINE or SEED is expected");
        }
    }

    /** 1 to {@link EventPatterns#MAX_PATTERNS} patterns, each a type, a prefix or {@code *}; repeats dropped. */
    static List<String> eventTypes(List<String> patterns) {
        if (patterns.isEmpty() || patterns.size() > EventPatterns.MAX_PATTERNS) {
            throw ApiException.badRequest("eventTypes", "1 to " + EventPatterns.MAX_PATTERNS + " patterns");
        }
        for (String pattern : patterns) {
            if (!EventPatterns.isValid(pattern)) {
                throw ApiException.badRequest("eventTypes", "'" + pattern
                        + "' is not a type (order.placed), a prefix (order.*) or *");
            }
            EventPatterns.refusal(pattern).ifPresent(why -> {
                throw ApiException.badRequest("eventTypes", why);
            });
        }
        return List.copyOf(new java.util.LinkedHashSet<>(patterns));
    }

    /**
     * At most {@value #MAX_HEADERS} headers, none of them one Holdline sets (its signature, the body's, the
     * connection's, nor an alias a server folds {@code _} into {@code -} for); names lower-cased.
     */
    static Map<String, String> headers(Map<String, String> headers) {
        if (headers.size() > MAX_HEADERS) {
            throw ApiException.badRequest("headers", "at most " + MAX_HEADERS);
        }
        Map<String, String> checked = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
            if (!HEADER_NAME.matcher(lower).matches()) {
                throw ApiException.badRequest("headers", "'" + name + "' is not a header name");
            }
            // servers that fold "_" into "-" (CGI, PHP, Rack) must not see an alias of a protected header either
            String folded = lower.replace('_', '-');
            if (PROTECTED.contains(folded) || folded.startsWith("webhook-") || folded.startsWith("content-")
                    || folded.startsWith("proxy-")) {
                throw ApiException.badRequest("headers", "'" + name + "' is set by Holdline and cannot be overridden");
            }
            if (value == null || value.length() > 1000
                    || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw ApiException.badRequest("headers", "the value of '" + name
                        + "' must be at most 1000 characters without control characters");
            }
            checked.put(lower, value);
        });
        return checked;
    }

    /** A secret {@link WebhookSignature} can sign with. */
    static void secret(String secret) {
        try {
            WebhookSignature.key(secret);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("secret", e.getMessage());
        }
    }

    private SubscriptionFields() {
    }
}
