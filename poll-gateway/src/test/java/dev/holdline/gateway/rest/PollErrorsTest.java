package dev.holdline.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.platform.rest.ApiException;
import dev.holdline.platform.rest.ErrorBody;
import org.junit.jupiter.api.Test;

/** The route's errors are the platform's: the same statuses and bodies as {@code ErrorMappers} gives. */
class PollErrorsTest {

    @Test
    void shouldAnswerAnApiExceptionWithItsStatusAndBody() {
        PollErrors.ErrorAnswer answer = PollErrors.answer(ApiException.tooMany("at most 8"));
        assertEquals(429, answer.status());
        assertEquals(new ErrorBody("too_many_requests", "at most 8"), answer.body());
    }

    @Test
    void shouldAnswer401WithThePlatformsBody() {
        PollErrors.ErrorAnswer answer = PollErrors.answer(PollErrors.unauthorized());
        assertEquals(401, answer.status());
        assertEquals(ErrorBody.UNAUTHORIZED, answer.body());
    }

    @Test
    void shouldAnswerJsonThatDoesNotParseWith400() {
        JsonProcessingException broken = assertThrowsJson();
        PollErrors.ErrorAnswer answer = PollErrors.answer(broken);
        assertEquals(400, answer.status());
        assertEquals(ErrorBody.invalidJson(broken.getOriginalMessage()), answer.body());
    }

    @Test
    void shouldAnswerAnythingElseWith500AndNoInternals() {
        PollErrors.ErrorAnswer answer = PollErrors.answer(new IllegalStateException("secret detail"));
        assertEquals(500, answer.status());
        assertEquals(ErrorBody.INTERNAL, answer.body());
    }

    private static JsonProcessingException assertThrowsJson() {
        try {
            new ObjectMapper().readTree("{broken");
        } catch (JsonProcessingException e) {
            return e;
        }
        throw new AssertionError("{broken parsed");
    }
}
