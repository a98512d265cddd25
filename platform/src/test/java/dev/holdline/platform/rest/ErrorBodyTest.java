package dev.holdline.platform.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldKeepAnEchoOf1000ControlCharactersUnder4Kb() throws Exception {
        String channel = "\u0001".repeat(1000);

        ErrorBody body = new ErrorBody("forbidden", "'" + channel + "' is not a channel this token may read");
        byte[] serialized = JSON.writeValueAsBytes(body);

        assertTrue(serialized.length <= 4096, serialized.length + " bytes");
        assertTrue(body.detail().startsWith("'???"), body.detail());
        assertEquals(ErrorBody.MAX_DETAIL, body.detail().length());
    }

    @Test
    void shouldShowLoneSurrogatesAndLineBreaksAsQuestionMarks() {
        assertEquals("a?b?c?d", new ErrorBody("x", "a\uD800b\nc\uDC00d").detail());
        assertEquals("\uD83D\uDE00 ok", new ErrorBody("x", "\uD83D\uDE00 ok").detail(), "a whole pair is kept");
    }

    @Test
    void shouldNeverSplitASurrogatePairWhenCutting() {
        String detail = new ErrorBody("x", "a".repeat(ErrorBody.MAX_DETAIL - 2) + "\uD83D\uDE00".repeat(10)).detail();

        assertTrue(detail.endsWith("a\u2026"), detail.substring(detail.length() - 3));
    }

    @Test
    void shouldKeepTheWorstCaseOfPrintableTextUnder4Kb() throws Exception {
        byte[] serialized = JSON.writeValueAsBytes(new ErrorBody("\u20ac".repeat(1000), "\u20ac".repeat(1000)));

        assertTrue(serialized.length <= 4096, serialized.length + " bytes");
    }
}
