package dev.holdline.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.testing.HostileCases.Request;
import dev.holdline.testing.RouteTable.Endpoint;
import dev.holdline.testing.RouteTable.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostileCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode schema(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void shouldGenerateANullInsideEachArrayAndExtremeNumbersForEachField() throws Exception {
        JsonNode order = schema("{\"type\":\"object\",\"properties\":{\"currency\":{\"type\":\"string\"},"
                + "\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
                + "\"sku\":{\"type\":\"string\"},\"quantity\":{\"type\":\"integer\"},\"unitPrice\":{\"type\":\"number\"}}}}}}");
        List<String> bodies = HostileCases.generatedBodies(order);
        assertTrue(bodies.contains("{\"currency\":\"a\",\"items\":[null]}"), String.join("\n", bodies));
        assertTrue(bodies.contains("{\"currency\":{},\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1.5}]}"));
        assertTrue(bodies.contains(
                "{\"currency\":\"a\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1E-20000000}]}"));
        assertTrue(bodies.contains(
                "{\"currency\":\"a\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1E+20000000}]}"));
        assertTrue(bodies.contains(
                "{\"currency\":\"a\",\"items\":[{\"sku\":\"a\",\"quantity\":9223372036854775808,\"unitPrice\":1.5}]}"));
        assertTrue(bodies.contains(
                "{\"currency\":\"a\",\"items\":[{\"sku\":\"a\",\"quantity\":2147483647,\"unitPrice\":1.5}]}"));
        JsonNode poll = schema("{\"properties\":{\"channels\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}");
        assertTrue(HostileCases.generatedBodies(poll).contains("{\"channels\":[null]}"));
    }

    @Test
    void shouldGiveEveryQueryAndPathParameterTheIntegerExtremes() {
        Endpoint images = new Endpoint("GET", "/api/images", List.of(new Parameter("page", "query"),
                new Parameter("size", "query")), null, "openapi");
        List<String> paths = HostileCases.of(images).stream().map(Request::path).toList();
        assertTrue(paths.contains("/api/images?page=2147483647"));
        assertTrue(paths.contains("/api/images?size=9223372036854775808"));
        assertTrue(paths.contains("/api/images?page=2147483647&size=100"));

        Endpoint image = new Endpoint("DELETE", "/api/images/{id}", List.of(new Parameter("id", "path")), null,
                "openapi");
        List<String> imagePaths = HostileCases.of(image).stream().map(Request::path).toList();
        assertTrue(imagePaths.contains("/api/images/2147483647"));
        assertTrue(imagePaths.contains("/api/images/9223372036854775808"));
    }

    @Test
    void shouldSendBodiesOnlyWhereTheMethodHasOne() {
        Endpoint poll = new Endpoint("POST", "/api/poll", List.of(), null, "vert.x");
        assertTrue(HostileCases.of(poll).stream().anyMatch(r -> "{\"channels\":[null]}".equals(r.body())));
        Endpoint list = new Endpoint("GET", "/api/orders", List.of(), null, "openapi");
        assertTrue(HostileCases.of(list).stream().allMatch(r -> r.body() == null));
    }

    @Test
    void shouldAcceptOnlySmallJsonErrorsAndNo5xx() {
        assertNull(BadInput.wrongAnswer(400, bytes("{\"error\":\"invalid_page\",\"detail\":\"page: ...\"}")));
        assertNull(BadInput.wrongAnswer(200, bytes("anything")));
        assertNotNull(BadInput.wrongAnswer(500, bytes("{\"error\":\"internal_error\",\"detail\":\"x\"}")));
        assertNotNull(BadInput.wrongAnswer(404, bytes("")));
        assertNotNull(BadInput.wrongAnswer(400, bytes("<html>Bad Request</html>")));
        assertNotNull(BadInput.wrongAnswer(400, bytes("{\"error\":\"x\"}")));
        String huge = "{\"error\":\"invalid_items\",\"detail\":\"" + "0".repeat(5000) + "\"}";
        assertTrue(BadInput.wrongAnswer(400, bytes(huge)).contains("with an error of 50"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
