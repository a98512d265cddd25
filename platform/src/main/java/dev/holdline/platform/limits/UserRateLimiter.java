package dev.holdline.platform.limits;

import dev.holdline.platform.rest.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per user for one kind of request (chat messages, uploads, ...): {@code burst} at once, then
 * {@code perMinute}. Past it, {@link #check} throws a 429 with {@code Retry-After}. The users remembered are
 * bounded ({@code maxUsers}, least recently seen forgotten first: a forgotten user starts with a full bucket), so
 * no caller can grow it without limit.
 */
public final class UserRateLimiter {

    private static final class Bucket {
        double tokens;
        long updatedNanos;
    }

    private final String what;
    private final double perNano;
    private final int burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets;

    public UserRateLimiter(String what, int perMinute, int burst, int maxUsers) {
        this(what, perMinute, burst, maxUsers, System::nanoTime);
    }

    /** With a clock of the caller's choosing (tests). */
    public UserRateLimiter(String what, int perMinute, int burst, int maxUsers, LongSupplier nanoTime) {
        if (perMinute < 1 || burst < 1 || maxUsers < 1) {
            throw new IllegalArgumentException(what + ": rate, burst and users must be at least 1");
        }
        this.what = what;
        this.perNano = perMinute / 60e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxUsers;
            }
        };
    }

    /** Takes one request of {@code user}'s allowance, or throws a 429 saying when to try again. */
    public void check(String user) {
        long retryAfterSeconds;
        synchronized (buckets) {
            long now = nanoTime.getAsLong();
            Bucket bucket = buckets.get(user);
            if (bucket == null) {
                bucket = new Bucket();
                bucket.tokens = burst;
                bucket.updatedNanos = now;
                buckets.put(user, bucket);
            }
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedNanos) * perNano);
            bucket.updatedNanos = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return;
            }
            retryAfterSeconds = Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perNano / 1e9));
        }
        throw ApiException.tooMany("too many " + what + "; try again in " + retryAfterSeconds + " s",
                retryAfterSeconds);
    }

    /** Users remembered now (at most {@code maxUsers}). */
    public int users() {
        synchronized (buckets) {
            return buckets.size();
        }
    }
}
