package dev.holdline.webhooks.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UrlRedactionTest {

    @Test
    void shouldDropTheQuery() {
        assertEquals("https://….example.com/hooks",
                UrlRedaction.redact("https://receiver.example.com/hooks?token=s3cr3t&sig=abc"));
    }

    @Test
    void shouldKeepSchemeRegistrableDomainPortAndAllowedWords() {
        assertEquals("https://….example.com:8443/api/v2/…/",
                UrlRedaction.redact("https://Hooks.Example.com:8443/api/v2/github-events/"));
        assertEquals("http://127.0.0.1:9000", UrlRedaction.redact("http://127.0.0.1:9000"));
        assertEquals("http://localhost:8080/webhook", UrlRedaction.redact("http://localhost:8080/webhook"));
        assertEquals("http://[::1]:8080/callback", UrlRedaction.redact("http://[::1]:8080/callback"));
        assertEquals("https://example.com/v1/events/notify/incoming",
                UrlRedaction.redact("https://example.com/v1/events/notify/incoming"));
    }

    @Test
    void shouldHideSubdomainsWhereATokenMayHide() {
        assertEquals("https://….….example.com/hook",
                UrlRedaction.redact("https://kqzvwxhtrplmnbcd.tenant.example.com/hook"));
    }

    @Test
    void shouldHidePathSegmentsOutsideTheAllowlist() {
        assertEquals("https://example.com/hooks/…", UrlRedaction.redact("https://example.com/hooks/kqzvwxhtrplmnbcd"));
        assertEquals("https://….slack.com/services/…/…/…",
                UrlRedaction.redact("https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"));
        assertEquals("https://discord.com/api/webhooks/…/…", UrlRedaction.redact(
                "https://discord.com/api/webhooks/123456789012345678/aBcD-efGh_ijKLmnop9qrStuvWXyz"));
        assertEquals("https://example.com/hook/…", UrlRedaction.redact("https://example.com/hook/abcdefghijklmnopqrstuvwxyz"));
        assertEquals("https://example.com/…", UrlRedaction.redact("https://example.com/a%2Fb"));
        assertEquals("https://example.com/…/…", UrlRedaction.redact("https://example.com/in/Secret"));
    }

    @Test
    void shouldDropCredentialsAndFragment() {
        assertEquals("https://example.com/hook", UrlRedaction.redact("https://user:pass@example.com/hook#frag"));
    }

    @Test
    void shouldShowNothingOfAUrlItCannotRead() {
        assertEquals("(a URL that cannot be shown)", UrlRedaction.redact("not a url with spaces"));
        assertEquals("(a URL that cannot be shown)", UrlRedaction.redact(null));
    }
}
