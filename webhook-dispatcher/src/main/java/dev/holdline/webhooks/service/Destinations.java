package dev.holdline.webhooks.service;

import dev.holdline.webhooks.config.WebhooksConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where a webhook may go. A URL is checked when a subscription is made and again before every request: https
 * (http too when {@code webhooks.require-https=false}), at most 2,048 characters, no credentials; its host
 * resolved here and every address it resolves to allowed by the {@link AddressPolicy}. The request then goes
 * to the address that was checked, so a DNS answer that changes in between cannot redirect it.
 */
@ApplicationScoped
public class Destinations {

    public static final int MAX_URL_LENGTH = 2048;

    /** A checked destination: connect to {@code address}, say {@code host} (Host header, TLS name). */
    public record Destination(String host, int port, boolean https, String target, InetAddress address) {
    }

    /** Why a URL may not be sent to; {@code kind} is INVALID_URL, DNS or BLOCKED_ADDRESS. */
    public static final class Refused extends Exception {
        private final String kind;

        public Refused(String kind, String message) {
            super(message);
            this.kind = kind;
        }

        public String kind() {
            return kind;
        }
    }

    /** Host name to addresses; the system resolver except in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean requireHttps;
    private final AddressPolicy policy;
    private final Resolver resolver;
    /** Lookups in progress, by URL: at most one each (bounded by the pool below and by subscriptions). */
    private final Map<String, CompletableFuture<Destination>> lookups = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor resolvers = new ThreadPoolExecutor(0, 64, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "webhook-dns");
                thread.setDaemon(true);
                return thread;
            });

    @Inject
    public Destinations(WebhooksConfig config) {
        this(config.requireHttps(), config.allowedCidrs().orElse(List.of()), InetAddress::getAllByName);
    }

    public Destinations(boolean requireHttps, List<String> allowedCidrs, Resolver resolver) {
        this.requireHttps = requireHttps;
        this.policy = new AddressPolicy(allowedCidrs);
        this.resolver = resolver;
    }

    /**
     * {@link #check} off the caller's thread, for senders: host names are resolved on a bounded pool, one lookup
     * per URL at a time (concurrent callers for the same URL share it), so a name server that hangs holds only
     * the deliveries to its own hosts. Fails with {@link Refused} (or DNS when the pool is full).
     */
    public CompletableFuture<Destination> checkAsync(String url) {
        CompletableFuture<Destination> result = new CompletableFuture<>();
        String key = url;
        CompletableFuture<Destination> shared = lookups.computeIfAbsent(key, k -> {
            CompletableFuture<Destination> lookup = new CompletableFuture<>();
            try {
                resolvers.execute(() -> {
                    try {
                        lookup.complete(check(url));
                    } catch (Refused | RuntimeException e) {
                        lookup.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                lookup.completeExceptionally(new Refused("DNS", "too many host lookups at once; tried again later"));
            }
            lookup.whenComplete((d, e) -> lookups.remove(k, lookup));
            return lookup;
        });
        shared.whenComplete((destination, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(destination);
            }
        });
        return result;
    }

    /** Checks the URL and the addresses its host has now; the address to connect to. */
    public Destination check(String url) throws Refused {
        URI uri = parse(url);
        String host = host(uri);
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = port(uri, https);
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        InetAddress[] addresses;
        try {
            Optional<InetAddress> literal = AddressPolicy.literal(host);
            addresses = literal.isPresent() ? new InetAddress[] {literal.get()} : resolver.resolve(host);
        } catch (IllegalArgumentException e) {
            throw new Refused("INVALID_URL", e.getMessage());
        } catch (UnknownHostException e) {
            throw new Refused("DNS", "the host " + host + " does not resolve");
        }
        if (addresses.length == 0) {
            throw new Refused("DNS", "the host " + host + " has no address");
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = policy.refusal(address);
            if (refusal.isPresent()) {
                throw new Refused("BLOCKED_ADDRESS", host + " resolves to " + refusal.get()
                        + "; internal receivers must be allowed by webhooks.allowed-cidrs");
            }
        }
        String shownHost = host.startsWith("[") ? host : host.toLowerCase(Locale.ROOT);
        return new Destination(shownHost, port, https, target, addresses[0]);
    }

    private URI parse(String url) throws Refused {
        if (url == null || url.isBlank()) {
            throw new Refused("INVALID_URL", "a URL is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new Refused("INVALID_URL", "at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("INVALID_URL", "not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && !requireHttps)) {
            throw new Refused("INVALID_URL", requireHttps ? "only https URLs are allowed" : "http or https only");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            throw new Refused("INVALID_URL", "credentials may not be part of the URL (send them in a header)");
        }
        if (host(uri).isEmpty()) {
            throw new Refused("INVALID_URL", "a host name or address is required");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("INVALID_URL", "no fragment (#...) is allowed");
        }
        return uri;
    }

    private static int port(URI uri, boolean https) throws Refused {
        if (uri.getHost() != null) {
            if (uri.getPort() == 0 || uri.getPort() > 65535) {
                throw new Refused("INVALID_URL", "not a port: " + uri.getPort());
            }
            return uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
        }
        String authority = uri.getRawAuthority();
        int colon = authority.lastIndexOf(':');
        if (colon <= authority.lastIndexOf(']')) {
            return https ? 443 : 80;
        }
        try {
            int port = Integer.parseInt(authority.substring(colon + 1));
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new Refused("INVALID_URL", "not a port: " + authority.substring(colon + 1));
    }

    /**
     * The URL's host; java.net.URI gives none for some spellings ({@code 2130706433}, {@code 0177.0.0.1}), so
     * those are read from the authority, to be judged as the addresses they spell.
     */
    private static String host(URI uri) {
        if (uri.getHost() != null) {
            return uri.getHost();
        }
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return "";
        }
        int colon = authority.lastIndexOf(':');
        return colon > authority.lastIndexOf(']') ? authority.substring(0, colon) : authority;
    }
}
