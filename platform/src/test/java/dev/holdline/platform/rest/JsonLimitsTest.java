package dev.holdline.platform.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLimitsTest {

    record Item(String sku, BigDecimal unitPrice) {
    }

    record Order(List<Item> items) {
    }

    record Score(@com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = JsonLimits.BoundedNumberNode.class)
            com.fasterxml.jackson.databind.JsonNode score) {
    }

    private final ObjectMapper mapper = customized();

    private static ObjectMapper customized() {
        ObjectMapper mapper = new ObjectMapper();
        new JsonLimits().customize(mapper);
        return mapper;
    }

    @Test
    void shouldRefuseADecimalOfExtremeExponentBothWaysNamingTheField() {
        for (String price : List.of("1E-20000000", "1E+20000000", "1e-31", "1E31")) {
            MismatchedInputException refused = assertThrows(MismatchedInputException.class, () -> mapper.readValue(
                    "{\"items\":[{\"sku\":\"a\",\"unitPrice\":" + price + "}]}", Order.class), price);
            assertEquals("unitPrice", refused.getPath().get(refused.getPath().size() - 1).getFieldName());
            ErrorBody body = (ErrorBody) new ErrorMappers().wrongShape(refused).getEntity();
            assertTrue(body.detail().startsWith("items[0].unitPrice: "), body.detail());
            assertTrue(body.detail().length() < 300, body.detail());
        }
    }

    @Test
    void shouldRefuseANumberFieldThatWouldRoundTo0OrInfinityAndReadTheOthers() throws Exception {
        for (String score : List.of("1E-20000000", "1E+20000000", "1e400")) {
            MismatchedInputException refused = assertThrows(MismatchedInputException.class,
                    () -> mapper.readValue("{\"score\":" + score + "}", Score.class), score);
            assertEquals("score", refused.getPath().get(0).getFieldName());
        }
        assertEquals(12.5, mapper.readValue("{\"score\":12.5}", Score.class).score().doubleValue());
        assertEquals(7, mapper.readValue("{\"score\":7}", Score.class).score().intValue());
        assertTrue(mapper.readValue("{\"score\":\"x\"}", Score.class).score().isTextual());
    }

    @Test
    void shouldReadOrdinaryDecimals() throws Exception {
        Order order = mapper.readValue("{\"items\":[{\"sku\":\"a\",\"unitPrice\":12.50}]}", Order.class);
        assertEquals(new BigDecimal("12.50"), order.items().get(0).unitPrice());
        assertEquals(new BigDecimal("1E+30"),
                mapper.readValue("{\"items\":[{\"unitPrice\":1E30}]}", Order.class).items().get(0).unitPrice());
    }

    @Test
    void shouldRefuseANumberLongerThanTheLimitWhileReadingIt() {
        String digits = "9".repeat(JsonLimits.MAX_NUMBER_LENGTH + 1);
        assertThrows(JsonProcessingException.class, () -> mapper.readTree("{\"score\":" + digits + "}"));
        assertThrows(JsonProcessingException.class, () -> mapper.readTree("[".repeat(JsonLimits.MAX_NESTING_DEPTH + 1)
                + "]".repeat(JsonLimits.MAX_NESTING_DEPTH + 1)));
    }

    @Test
    void shouldCutAnErrorBodyToItsBound() {
        ErrorBody body = new ErrorBody("e".repeat(5000), "d".repeat(20_000_000));
        assertTrue(body.error().length() <= ErrorBody.MAX_ERROR);
        assertTrue(body.detail().length() <= ErrorBody.MAX_DETAIL);
    }
}
