package dev.holdline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdline.testing.RouteTable.Endpoint;
import dev.holdline.testing.RouteTable.Parameter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The hostile and careless requests for one endpoint: fixed bodies that are not JSON or JSON of the wrong shape,
 * under wrong content types; bodies generated from its schema, one field at a time replaced by a null inside an
 * array, an object where a string is expected, numbers of extreme exponent both ways, 2^31-1 and 2^63; every
 * path and query parameter given hostile values, 2^31-1 and 2^63 among them; a cut multipart body. The full
 * matrix is sent for the first path value; each other path value once.
 */
final class HostileCases {

    /** One request: {@code contentType} and {@code body} null for none. */
    record Request(String method, String path, String contentType, String body) {

        String shown() {
            return method + " " + path + (contentType == null ? "" : " [" + contentType + "] "
                    + (body.length() > 80 ? body.substring(0, 80) + "..." : body));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final String INT_MAX = "2147483647";
    static final String TWO_TO_63 = "9223372036854775808";

    static final List<String> BODIES = List.of("", "{", "}", "[]", "null", "0", "\"x\"", "{}", "[[[[[[",
            "{\"a\":}", "{\"text\":null}", "{\"text\":[null]}", "{\"channels\":[null]}", "{\"items\":[null]}",
            "{\"items\":[{\"sku\":null,\"quantity\":\"x\",\"unitPrice\":{}}]}", "{\"score\":\"NaN\"}",
            "{\"score\":1e400}", "{\"score\":-1e400}", "{\"score\":99999999999999999999999999999}",
            "{\"score\":1E-20000000}", "{\"score\":1E+20000000}", "{\"score\":" + "9".repeat(5000) + "}",
            "{\"url\":\"\\u0000\"}", "{\"url\":\"http://\\u0000/\"}", "{\"text\":\"a\\u0000b\\u0007c\"}",
            "{\"title\":\"\\u0000\"}", "{\"eventTypes\":[null,1,{}]}", "{\"headers\":{\"\":null}}",
            "{\"headers\":[1]}", "{\"id\":\"" + "x".repeat(10_000) + "\"}", "{\"text\":\"" + "y".repeat(60_000) + "\"}",
            "[".repeat(5000) + "]".repeat(5000), "{\"to\":123,\"title\":[],\"body\":{}}",
            "{\"currency\":\"\\u0000\",\"items\":[]}", "{\"messageId\":[\"x\"]}", "{\"naming\":false}",
            "{\"currency\":\"EUR\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1E-20000000}]}");
    static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain", "application/xml",
            "multipart/form-data", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded");
    static final List<String> PATH_VALUES = List.of("0", "-1", INT_MAX, TWO_TO_63, "99999999999999999999", "%00",
            "%20", "..%2F..", "a%0Ab", "x".repeat(300), "%E2%82", "NaN");
    static final List<String> QUERIES = List.of("limit=99999999999999999999", "limit=-1", "limit=NaN",
            "page=-5", "page=99999999999", "page=" + INT_MAX + "&size=100", "size=0", "before=abc",
            "after=-99999999999999999999", "since=%00", "status=%00", "around=9999999", "period=2026-13-45",
            "channel=", "channel=%00", "channel=user:%00", "timeout=-1", "cursor=%00", "wait=99999999999",
            "eventType=" + "z".repeat(500));
    /** Given to every declared query parameter, one at a time. */
    static final List<String> PARAMETER_VALUES = List.of(INT_MAX, TWO_TO_63, "-" + TWO_TO_63, "-1", "1E+20000000",
            "1E-20000000", "NaN", "%00", "", "x".repeat(300));
    /** Put in place of each field of a generated body, one at a time. */
    static final List<JsonNode> FIELD_VALUES = List.of(NODES.nullNode(), NODES.arrayNode().add(NODES.nullNode()),
            NODES.objectNode(), NODES.numberNode(new BigDecimal("1E-20000000")),
            NODES.numberNode(new BigDecimal("1E+20000000")), NODES.numberNode(Integer.MAX_VALUE),
            NODES.numberNode(BigInteger.ONE.shiftLeft(63)), NODES.numberNode(-1), NODES.textNode("\u0000"));

    static List<Request> of(Endpoint endpoint) {
        List<Request> requests = new ArrayList<>();
        List<String> paths = paths(endpoint.path());
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            if (i > 0) { // each other path value once
                requests.add(endpoint.hasBody() ? new Request(endpoint.method(), path, "application/json", "{}")
                        : new Request(endpoint.method(), path, null, null));
                continue;
            }
            List<String> queries = new ArrayList<>(QUERIES);
            for (Parameter parameter : endpoint.parameters()) {
                if (parameter.in().equals("query")) {
                    for (String value : PARAMETER_VALUES) {
                        queries.add(parameter.name() + "=" + value);
                    }
                }
            }
            if (!endpoint.hasBody()) {
                requests.add(new Request(endpoint.method(), path, null, null));
                queries.forEach(q -> requests.add(new Request(endpoint.method(), path + "?" + q, null, null)));
                continue;
            }
            for (String contentType : CONTENT_TYPES) {
                BODIES.forEach(body -> requests.add(new Request(endpoint.method(), path, contentType, body)));
            }
            generatedBodies(endpoint.body()).forEach(body -> requests.add(
                    new Request(endpoint.method(), path, "application/json", body)));
            queries.forEach(q -> requests.add(new Request(endpoint.method(), path + "?" + q, "application/json", "{}")));
            requests.add(new Request(endpoint.method(), path, "multipart/form-data; boundary=b",
                    "--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a\"\r\n\r\ntrunc"));
        }
        return requests;
    }

    private static List<String> paths(String template) {
        if (!template.contains("{")) {
            return List.of(template);
        }
        return PATH_VALUES.stream().map(value -> template.replaceAll("\\{[^}]+}", value)).toList();
    }

    /**
     * From a body's schema: a sample of the right shape, then for each field (nested in objects and arrays'
     * items too) the sample with that field replaced by each of {@link #FIELD_VALUES}.
     */
    static List<String> generatedBodies(JsonNode schema) {
        if (schema == null) {
            return List.of();
        }
        JsonNode sample = sample(schema, 0);
        List<String> bodies = new ArrayList<>();
        replacements(schema, 0).forEach(replace -> {
            for (JsonNode value : FIELD_VALUES) {
                bodies.add(write(replace.apply(value)));
            }
        });
        bodies.add(write(sample));
        return bodies;
    }

    /** For each field of {@code schema}: a function from a value to the sample with that field set to it. */
    private static List<Function<JsonNode, JsonNode>> replacements(JsonNode schema, int depth) {
        List<Function<JsonNode, JsonNode>> replacements = new ArrayList<>();
        if (depth > 3) {
            return replacements;
        }
        if (schema.has("properties")) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = schema.get("properties").fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                replacements.add(value -> ((ObjectNode) sample(schema, depth)).set(field.getKey(), value));
                for (Function<JsonNode, JsonNode> inner : replacements(field.getValue(), depth + 1)) {
                    replacements.add(value -> ((ObjectNode) sample(schema, depth)).set(field.getKey(),
                            inner.apply(value)));
                }
            }
        } else if (schema.has("items")) {
            for (Function<JsonNode, JsonNode> inner : replacements(schema.get("items"), depth + 1)) {
                replacements.add(value -> NODES.arrayNode().add(inner.apply(value)));
            }
        }
        return replacements;
    }

    /** A value of the schema's shape: each property filled, arrays of one item. */
    private static JsonNode sample(JsonNode schema, int depth) {
        String type = schema.path("type").isArray() ? schema.path("type").path(0).asText()
                : schema.path("type").asText("");
        if (schema.has("properties") || type.equals("object")) {
            ObjectNode object = NODES.objectNode();
            if (depth <= 3) {
                schema.path("properties").fields().forEachRemaining(
                        field -> object.set(field.getKey(), sample(field.getValue(), depth + 1)));
            }
            return object;
        }
        return switch (type) {
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                yield depth <= 3 ? array.add(sample(schema.path("items"), depth + 1)) : array;
            }
            case "integer" -> NODES.numberNode(1);
            case "number" -> NODES.numberNode(new BigDecimal("1.5"));
            case "boolean" -> NODES.booleanNode(true);
            default -> NODES.textNode("a");
        };
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private HostileCases() {
    }
}
