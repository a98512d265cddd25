package dev.holdline.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.gateway.rest.PollRequestParser.PollParams;
import dev.holdline.platform.rest.ApiException;
import dev.holdline.testing.TestMappings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PollRequestParserTest {

    private GatewayConfig config = TestMappings.of(GatewayConfig.class);

    private PollRequestParser parser() {
        return new PollRequestParser(config, new ObjectMapper());
    }

    private PollParams body(String json) {
        return parser().fromBody(json.getBytes(StandardCharsets.UTF_8), null);
    }

    private static void assertBadRequest(String error, Executable parse) {
        ApiException e = assertThrows(ApiException.class, parse);
        assertEquals(400, e.status());
        assertEquals(error, e.body().error());
    }

    @Test
    void shouldReadRepeatedChannelsAndTheOtherParameters() {
        PollRequestParser.Query query = PollRequestParser.Query.of(
                "channel=room:a&timeout=5&channel=user:bob&cursor=c1z&limit=7");
        assertEquals(List.of("room:a", "user:bob"), query.channels());
        assertEquals("5", query.timeout());
        assertEquals("7", query.limit());
        assertEquals("c1z", query.cursor());
    }

    @Test
    void shouldDecodeEscapesAndIgnoreWhatIsNotOurs() {
        PollRequestParser.Query query = PollRequestParser.Query.of(
                "x=1&channel=room%3Alobby&&flag&chan%6Eel=broadcast&channel=a+b");
        assertEquals(List.of("room:lobby", "broadcast", "a b"), query.channels());
        assertNull(query.cursor());
        assertEquals(List.of(), PollRequestParser.Query.of(null).channels());
        assertEquals(List.of(), PollRequestParser.Query.of("").channels());
    }

    @Test
    void shouldRejectABrokenEscapeNamingTheQuery() {
        assertBadRequest("invalid_query", () -> PollRequestParser.Query.of("channel=room%zz"));
    }

    @Test
    void shouldCheckAQueryIntoAPollWithTheDefaults() {
        PollParams poll = parser().fromQuery("channel=room:a&channel=user:bob&channel=room:a", null);
        assertEquals(List.of("room:a", "user:bob"), poll.channels(), "repeats dropped, order kept");
        assertNull(poll.cursor(), "no cursor: from now");
        assertEquals(30, poll.timeoutSeconds());
        assertEquals(100, poll.limit());

        PollParams given = parser().fromQuery("channel=room:a&cursor=c1z&timeout=5&limit=500", "c9");
        assertEquals(71L, given.cursor(), "c1z is offset 71 in base 36; the query's cursor wins");
        assertEquals(5, given.timeoutSeconds());
        assertEquals(500, given.limit());
    }

    @Test
    void shouldTakeLastEventIdAsTheCursorWhenThereIsNone() {
        assertEquals(10L, parser().fromQuery("channel=room:a", "ca").cursor());
        assertEquals(10L, parser().fromBody("{\"channels\":[\"room:a\"]}".getBytes(StandardCharsets.UTF_8), "ca")
                .cursor());
        assertNull(parser().fromQuery("channel=room:a", " ").cursor(), "blank: from now");
        assertNull(parser().fromQuery("channel=room:a&cursor=", "ca").cursor(), "an empty cursor is one: from now");
    }

    @Test
    void shouldRejectWhatIsOutOfBoundsNamingTheField() {
        config = TestMappings.of(GatewayConfig.class,
                Map.of("gateway.poll.max-channels", "2", "gateway.poll.max-timeout", "10"));
        assertBadRequest("invalid_channel", () -> parser().fromQuery("timeout=5", null));
        assertBadRequest("invalid_channel", () -> parser().fromQuery("channel=a:1&channel=a:2&channel=a:3", null));
        assertBadRequest("invalid_timeout", () -> parser().fromQuery("channel=room:a&timeout=11", null));
        assertBadRequest("invalid_timeout", () -> parser().fromQuery("channel=room:a&timeout=0", null));
        assertBadRequest("invalid_limit", () -> parser().fromQuery("channel=room:a&limit=501", null));
        assertBadRequest("invalid_cursor", () -> parser().fromQuery("channel=room:a&cursor=nonsense", null));
        assertBadRequest("invalid_cursor", () -> parser().fromQuery("channel=room:a", "nonsense"));
    }

    @Test
    void shouldReadABodyWithChannelsAndNumbersOrStrings() {
        PollParams poll = body("{\"channels\":[\"room:a\"],\"cursor\":\"c5\",\"timeout\":7,\"limit\":\"3\",\"x\":1}");
        assertEquals(List.of("room:a"), poll.channels());
        assertEquals(5L, poll.cursor());
        assertEquals(7, poll.timeoutSeconds());
        assertEquals(3, poll.limit());
    }

    @Test
    void shouldTakeTheSeedsTopicsAndResumeFromTheOldestSince() {
        PollParams poll = body("{\"channels\":[\"user:bob\"],\"topics\":[\"room:a\",\"room:b\"],"
                + "\"since\":{\"room:a\":\"c9\",\"room:b\":\"c4\"}}");
        assertEquals(List.of("user:bob", "room:a", "room:b"), poll.channels());
        assertEquals(4L, poll.cursor());
        assertEquals(2L, body("{\"topics\":[\"room:a\"],\"cursor\":\"c2\",\"since\":{\"room:a\":\"c1\"}}").cursor(),
                "a cursor wins over since");
        assertBadRequest("invalid_since.room:a", () -> body("{\"topics\":[\"room:a\"],\"since\":{\"room:a\":\"x\"}}"));
    }

    @Test
    void shouldRejectABodyThatIsEmptyOrNotJson() {
        assertBadRequest("invalid_channels", () -> body(""));
        assertBadRequest("invalid_channels", () -> body("null"));
        assertBadRequest("invalid_body", () -> body("{broken"));
        assertBadRequest("invalid_body", () -> body("{\"channels\":\"room:a\"}"));
        assertBadRequest("invalid_channel", () -> body("{}"));
    }
}
