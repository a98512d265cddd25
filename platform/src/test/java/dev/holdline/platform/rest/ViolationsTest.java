package dev.holdline.platform.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

class ViolationsTest {

    record Thumbnail(@Positive int size) {
    }

    record Body(@Size(max = 5, message = "at most {max} characters") String title,
            List<@Pattern(regexp = "[a-z.]+", message = "not a type") String> eventTypes,
            List<@Valid Thumbnail> thumbnails) {
    }

    static class Resource {

        public Body create(@NotNull(message = "a JSON object is expected") @Valid Body body) {
            return body;
        }

        public @NotNull String list(@Max(100) int limit) {
            return null;
        }
    }

    private final Validator validator = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
    private final ErrorMappers mappers = new ErrorMappers();

    @Test
    void shouldNameAMissingBodyAsBody() {
        ErrorBody answer = answer("create", Body.class, (Object) null);

        assertEquals(new ErrorBody("invalid_body", "body: a JSON object is expected"), answer);
    }

    @Test
    void shouldNameTheFieldAsTheJsonDoes() {
        assertEquals("invalid_title", answer("create", Body.class, new Body("too long", null, null)).error());
        assertEquals(new ErrorBody("invalid_eventTypes[1]", "eventTypes[1]: not a type"),
                answer("create", Body.class, new Body(null, List.of("order.placed", "ORDER"), null)));
        assertEquals("invalid_thumbnails[1].size",
                answer("create", Body.class, new Body(null, null, List.of(new Thumbnail(1), new Thumbnail(0)))).error());
    }

    @Test
    void shouldNameAQueryParameterByItsName() {
        assertEquals("invalid_limit", answer("list", int.class, 101).error());
    }

    @Test
    void shouldSayTheSameFieldWhateverOrderTheViolationsComeIn() {
        Body body = new Body("too long", List.of("ORDER"), List.of(new Thumbnail(0)));
        for (int i = 0; i < 5; i++) {
            assertEquals("invalid_eventTypes[0]", answer("create", Body.class, body).error());
        }
    }

    @Test
    void shouldAnswer500WhenAnAnswerBreaksItsOwnConstraint() throws Exception {
        Method list = Resource.class.getMethod("list", int.class);
        Set<ConstraintViolation<Resource>> violations = validator.forExecutables()
                .validateReturnValue(new Resource(), list, null);

        assertEquals(500, mappers.violated(new ConstraintViolationException(violations)).getStatus());
    }

    private ErrorBody answer(String method, Class<?> type, Object argument) {
        try {
            Set<ConstraintViolation<Resource>> violations = validator.forExecutables().validateParameters(
                    new Resource(), Resource.class.getMethod(method, type), new Object[] {argument});
            var response = mappers.violated(new ConstraintViolationException(violations));
            assertEquals(400, response.getStatus());
            return (ErrorBody) response.getEntity();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
