package dev.holdline.webhooks.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    @Test
    void shouldReadSecondsAndDatesAndCapWhatAReceiverExaggerates() {
        assertEquals(Duration.ofSeconds(120), WebhookClient.retryAfter("120"));
        assertEquals(Duration.ofDays(365), WebhookClient.retryAfter("99999999999999999"));
        assertEquals(Duration.ofDays(365), WebhookClient.retryAfter("999999999999999999999999"));
        Duration fromDate = WebhookClient.retryAfter(ZonedDateTime.now().plusMinutes(10)
                .format(DateTimeFormatter.RFC_1123_DATE_TIME));
        assertTrue(fromDate.toSeconds() > 500 && fromDate.toSeconds() <= 600, fromDate.toString());
        assertNull(WebhookClient.retryAfter("soon"));
        assertNull(WebhookClient.retryAfter(null));
    }
}
