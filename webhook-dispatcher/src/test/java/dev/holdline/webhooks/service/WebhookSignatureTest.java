package dev.holdline.webhooks.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void shouldReproduceTheStandardWebhooksPublishedVector() {
        String signature = WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    @Test
    void shouldMakeSecretsOfThirtyTwoRandomBytesThatDiffer() {
        String one = WebhookSignature.newSecret();
        String two = WebhookSignature.newSecret();

        assertTrue(one.startsWith("whsec_"));
        assertEquals(32, WebhookSignature.key(one).length);
        assertNotEquals(one, two);
    }

    @Test
    void shouldRefuseSecretsWithoutPrefixOrOfTheWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.key("whsec_c2hvcnQ="));
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.key("whsec_not base64!"));
    }
}
