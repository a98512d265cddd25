package dev.holdline.webhooks.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A subscription's URL as it may be shown outside the admin API (a notification, a log line): scheme, host and
 * port, and of the path only the segments that read as plain words ({@code api}, {@code hooks},
 * {@code github-events}, {@code v2}); every other segment (digits, mixed case, long or encoded strings: what a
 * token looks like) becomes {@value #HIDDEN}. No query, no fragment, no credentials.
 */
public final class UrlRedaction {

    static final String HIDDEN = "…";
    /** Lowercase words of at most 16 letters joined by {@code -}, {@code _} or {@code .}, or a version. */
    private static final Pattern WORD = Pattern.compile("[a-z]{1,16}([-_.][a-z]{1,16}){0,3}|v[0-9]{1,2}");

    public static String redact(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            return "(a URL that cannot be shown)";
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return "(a URL that cannot be shown)";
        }
        StringBuilder shown = new StringBuilder(uri.getScheme().toLowerCase(Locale.ROOT)).append("://")
                .append(uri.getHost().toLowerCase(Locale.ROOT));
        if (uri.getPort() != -1) {
            shown.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            shown.append('/').append(WORD.matcher(segment).matches() ? segment : HIDDEN);
        }
        if (path.endsWith("/") && path.length() > 1) {
            shown.append('/');
        }
        return shown.toString();
    }

    private UrlRedaction() {
    }
}
