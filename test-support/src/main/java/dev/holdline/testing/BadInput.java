package dev.holdline.testing;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile and careless requests for a service's public endpoints: bodies that are not JSON, JSON of the wrong
 * shape, nulls inside arrays, numbers out of every range, NUL and control characters, very long and deeply
 * nested values (under the services' 64 KiB body limit: a larger body is cut by the HTTP layer, a case of its own),
 * wrong content types, malformed multipart, and path and query values no client should send.
 * {@link #assertHolds} fails on every answer that is a 5xx, or a 4xx whose body is not the platform's JSON error
 * (an empty 404 or 405 from the HTTP layer passes): the
 * contract is that bad input is a clear 4xx, never a 500.
 */
public final class BadInput {

    /** {@code path} may hold {@code {x}} placeholders, filled with hostile path values. */
    public record Endpoint(String method, String path) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static final List<String> BODIES = List.of("", "{", "}", "[]", "null", "0", "\"x\"", "{}", "[[[[[[",
            "{\"a\":}", "{\"text\":null}", "{\"text\":[null]}", "{\"channels\":[null]}", "{\"items\":[null]}",
            "{\"items\":[{\"sku\":null,\"quantity\":\"x\",\"unitPrice\":{}}]}", "{\"score\":\"NaN\"}",
            "{\"score\":1e400}", "{\"score\":-1e400}", "{\"score\":99999999999999999999999999999}",
            "{\"url\":\"\\u0000\"}", "{\"url\":\"http://\\u0000/\"}", "{\"text\":\"a\\u0000b\\u0007c\"}",
            "{\"title\":\"\\u0000\"}", "{\"eventTypes\":[null,1,{}]}", "{\"headers\":{\"\":null}}",
            "{\"headers\":[1]}", "{\"id\":\"" + "x".repeat(10_000) + "\"}", "{\"text\":\"" + "y".repeat(60_000) + "\"}",
            "[".repeat(5000) + "]".repeat(5000), "{\"to\":123,\"title\":[],\"body\":{}}",
            "{\"currency\":\"\\u0000\",\"items\":[]}", "{\"messageId\":[\"x\"]}", "{\"naming\":false}");
    static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain", "application/xml",
            "multipart/form-data", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded");
    static final List<String> PATH_VALUES = List.of("0", "-1", "99999999999999999999", "%00", "%20", "..%2F..",
            "a%0Ab", "x".repeat(300), "%E2%82", "NaN");
    static final List<String> QUERIES = List.of("limit=99999999999999999999", "limit=-1", "limit=NaN",
            "page=-5", "page=99999999999", "size=0", "before=abc", "after=-99999999999999999999",
            "since=%00", "status=%00", "around=9999999", "period=2026-13-45", "channel=", "channel=%00",
            "channel=user:%00", "timeout=-1", "cursor=%00", "wait=99999999999", "eventType=" + "z".repeat(500));

    /** Every request that was answered wrongly, described; empty when the service held. */
    private static List<String> problems(String baseUrl, String bearer, List<Endpoint> endpoints) {
        List<String> problems = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            for (String path : paths(endpoint.path())) {
                if (endpoint.method().equals("GET") || endpoint.method().equals("DELETE")) {
                    send(baseUrl, bearer, endpoint.method(), path, null, null, problems);
                    for (String query : QUERIES) {
                        send(baseUrl, bearer, endpoint.method(), path + "?" + query, null, null, problems);
                    }
                    continue;
                }
                for (String contentType : CONTENT_TYPES) {
                    for (String body : BODIES) {
                        send(baseUrl, bearer, endpoint.method(), path, contentType, body, problems);
                    }
                }
                for (String query : QUERIES) {
                    send(baseUrl, bearer, endpoint.method(), path + "?" + query, "application/json", "{}", problems);
                }
                send(baseUrl, bearer, endpoint.method(), path, "multipart/form-data; boundary=b",
                        "--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a\"\r\n\r\ntrunc", problems);
            }
        }
        return problems;
    }

    private static List<String> paths(String template) {
        if (!template.contains("{")) {
            return List.of(template);
        }
        List<String> paths = new ArrayList<>();
        for (String value : PATH_VALUES) {
            paths.add(template.replaceAll("\\{[^}]+}", value));
        }
        return paths;
    }

    private static void send(String baseUrl, String bearer, String method, String path, String contentType,
            String body, List<String> problems) {
        String shown = method + " " + path + (contentType == null ? "" : " [" + contentType + "] "
                + (body.length() > 60 ? body.substring(0, 60) + "..." : body));
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (bearer != null) {
                request.header("Authorization", bearer);
            }
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<String> response;
            try {
                response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException closed) {
                // a kept-alive connection the server closed after the previous answer (a 413 closes it): once more
                response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
            int status = response.statusCode();
            if (status >= 500) {
                problems.add(shown + " -> " + status + " " + response.body());
            } else if (status >= 400 && !response.body().isEmpty() && !response.body().contains("\"error\"")) {
                problems.add(shown + " -> " + status + " without a JSON error: " + response.body());
            }
        } catch (IllegalArgumentException e) {
            // a URI Java itself refuses to send: no client could send it either
        } catch (Exception e) {
            problems.add(shown + " -> " + e);
        }
    }

    /**
     * Sends the endpoints {@link #problems}' requests and fails the test if any was answered wrongly: every
     * problem in {@code target/bad-input.txt}, the first 20 in the failure.
     */
    public static void assertHolds(URL base, String bearer, Endpoint... endpoints) {
        List<String> problems = problems(base.toString().replaceAll("/$", ""), bearer, List.of(endpoints));
        try {
            java.nio.file.Files.write(java.nio.file.Path.of("target/bad-input.txt"), problems, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " answers to bad input were wrong (all in "
                    + "target/bad-input.txt), the first: " + String.join("\n", problems.subList(0,
                            Math.min(20, problems.size()))));
        }
    }

    private BadInput() {
    }
}
