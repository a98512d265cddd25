package dev.holdline.platform.limits;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.holdline.platform.rest.ApiException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UserRateLimiterTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void shouldAllowABurstThenTheRateAndSayWhenToTryAgain() {
        UserRateLimiter limiter = new UserRateLimiter("messages", 60, 3, 100, now::get);
        for (int i = 0; i < 3; i++) {
            limiter.check("ann");
        }

        ApiException refused = assertThrows(ApiException.class, () -> limiter.check("ann"));
        assertEquals(429, refused.status());
        assertEquals(1L, refused.retryAfterSeconds());
        assertDoesNotThrow(() -> limiter.check("bob"), "each user has an allowance of their own");

        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertDoesNotThrow(() -> limiter.check("ann"), "one more after a second at 60 a minute");
        assertThrows(ApiException.class, () -> limiter.check("ann"));
    }

    @Test
    void shouldRememberAtMostMaxUsers() {
        UserRateLimiter limiter = new UserRateLimiter("uploads", 1, 1, 2, now::get);
        limiter.check("a");
        limiter.check("b");
        limiter.check("c");

        assertEquals(2, limiter.users());
        assertThrows(ApiException.class, () -> limiter.check("c"), "a remembered user's empty bucket");
    }
}
