package dev.holdline.webhooks.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A subscription's URL as it may be shown outside the admin API (a notification, a log line): the scheme, the
 * last two labels of the host (earlier labels, where a token may hide, each become {@value #HIDDEN}; an IP
 * literal or {@code localhost} is shown whole), the port, and of the path only the segments in {@link #WORDS}
 * ({@code api}, {@code hooks}, {@code v2}, ...); every other segment becomes {@value #HIDDEN}. No query, no
 * fragment, no credentials.
 */
public final class UrlRedaction {

    static final String HIDDEN = "…";
    /** The only path segments shown: the usual words of a webhook URL, never something a token could be. */
    static final Set<String> WORDS = Set.of("api", "hooks", "hook", "webhook", "webhooks", "services", "v1", "v2",
            "v3", "events", "notify", "callback", "incoming");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

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
                .append(host(uri.getHost().toLowerCase(Locale.ROOT)));
        if (uri.getPort() != -1) {
            shown.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            shown.append('/').append(WORDS.contains(segment.toLowerCase(Locale.ROOT)) ? segment : HIDDEN);
        }
        if (path.endsWith("/") && path.length() > 1) {
            shown.append('/');
        }
        return shown.toString();
    }

    private static String host(String host) {
        if (host.startsWith("[") || IPV4.matcher(host).matches() || host.equals("localhost")) {
            return host;
        }
        String[] labels = host.split("\\.", -1);
        if (labels.length <= 2) {
            return host;
        }
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < labels.length - 2; i++) {
            shown.append(HIDDEN).append('.');
        }
        return shown.append(labels[labels.length - 2]).append('.').append(labels[labels.length - 1]).toString();
    }

    private UrlRedaction() {
    }
}
