package dev.holdline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running service's endpoints, as the service itself declares them: every operation of its OpenAPI document
 * ({@code /q/openapi}, with its parameters and request body schema) and every route registered on its Vert.x
 * {@link Router} (plain routes such as the long-poll, WebSocket upgrades, Quarkus's own {@code /q/*}). A route
 * with a path is an endpoint to fuzz unless excluded by {@code METHOD path} with a reason; a route without a path
 * is a filter every request passes through (CORS, security, the REST layer's dispatcher) and is listed as such;
 * a route matched by a regular expression cannot be fuzzed from its description and must be excluded.
 */
public final class RouteTable {

    /** A parameter of an endpoint: {@code in} is {@code path}, {@code query} or {@code header}. */
    public record Parameter(String name, String in) {
    }

    /**
     * One method on one path ({@code {x}} placeholders for path parameters); {@code body} is the request body's
     * JSON schema with references resolved, null when none is declared; {@code source} says where it was found.
     */
    public record Endpoint(String method, String path, List<Parameter> parameters, JsonNode body, String source) {

        public String key() {
            return method + " " + path;
        }

        public boolean hasBody() {
            return !(method.equals("GET") || method.equals("DELETE") || method.equals("HEAD")
                    || method.equals("OPTIONS"));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERTX_PARAMETER = Pattern.compile(":([A-Za-z0-9_]+)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");
    private static final List<String> OPENAPI_METHODS = List.of("get", "put", "post", "delete", "patch");

    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, String> excluded = new LinkedHashMap<>();
    private final List<String> filters = new ArrayList<>();
    private final List<String> unaccounted = new ArrayList<>();

    /**
     * Reads {@code baseUrl}'s OpenAPI document and {@code router}'s routes; {@code exclusions} maps
     * {@code METHOD path} (or {@code regex <name>}) to why it is not fuzzed.
     */
    public static RouteTable of(String baseUrl, Router router, Map<String, String> exclusions) {
        RouteTable table = new RouteTable();
        table.readOpenApi(openApi(baseUrl));
        table.readRouter(router, exclusions);
        for (String key : exclusions.keySet()) {
            if (!table.excluded.containsKey(key)) {
                table.unaccounted.add(key + ": excluded, but the service has no such route (a stale exclusion)");
            }
        }
        return table;
    }

    /** The endpoints to fuzz, in the order found. */
    public List<Endpoint> endpoints() {
        return List.copyOf(endpoints.values());
    }

    /** {@code METHOD path} to the reason it is not fuzzed. */
    public Map<String, String> excluded() {
        return Map.copyOf(excluded);
    }

    /** Routes without a path: filters every request passes through. */
    public List<String> filters() {
        return List.copyOf(filters);
    }

    /** Routes neither fuzzed nor excluded, and exclusions of routes that do not exist: each a failure. */
    public List<String> unaccounted() {
        return List.copyOf(unaccounted);
    }

    private static JsonNode openApi(String baseUrl) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(baseUrl + "/q/openapi?format=json")).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/q/openapi answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void readOpenApi(JsonNode document) {
        JsonNode schemas = document.path("components").path("schemas");
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            List<Parameter> shared = parameters(path.getValue().path("parameters"));
            for (String method : OPENAPI_METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation == null) {
                    continue;
                }
                List<Parameter> parameters = new ArrayList<>(shared);
                parameters.addAll(parameters(operation.path("parameters")));
                for (String name : placeholders(path.getKey())) {
                    if (parameters.stream().noneMatch(p -> p.name().equals(name) && p.in().equals("path"))) {
                        parameters.add(new Parameter(name, "path"));
                    }
                }
                JsonNode body = operation.path("requestBody").path("content").path("application/json").get("schema");
                Endpoint endpoint = new Endpoint(method.toUpperCase(Locale.ROOT), path.getKey(), parameters,
                        body == null ? null : resolve(body, schemas, 0), "openapi");
                endpoints.put(endpoint.key(), endpoint);
            }
        }
    }

    private static List<Parameter> parameters(JsonNode list) {
        List<Parameter> parameters = new ArrayList<>();
        for (JsonNode parameter : list) {
            parameters.add(new Parameter(parameter.path("name").asText(), parameter.path("in").asText()));
        }
        return parameters;
    }

    private static List<String> placeholders(String path) {
        List<String> names = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(path);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** {@code schema} with each {@code $ref} to {@code components.schemas} replaced by its target, a few levels deep. */
    private static JsonNode resolve(JsonNode schema, JsonNode schemas, int depth) {
        if (depth > 6 || !schema.isContainerNode()) {
            return schema;
        }
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replaceFirst("^#/components/schemas/", "");
            return resolve(schemas.path(name), schemas, depth + 1);
        }
        JsonNode copy = schema.deepCopy();
        if (copy.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = schema.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                ((com.fasterxml.jackson.databind.node.ObjectNode) copy).set(field.getKey(),
                        resolve(field.getValue(), schemas, depth + 1));
            }
        }
        return copy;
    }

    private void readRouter(Router router, Map<String, String> exclusions) {
        readRoutes(router, "", exclusions);
        for (String key : exclusions.keySet()) { // an operation only in the OpenAPI document, excluded
            if (endpoints.remove(key) != null) {
                excluded.put(key, exclusions.get(key));
            }
        }
    }

    /** {@code router}'s routes, each path under {@code mount} (a sub-router's: Quarkus's {@code /q/}). */
    private void readRoutes(Router router, String mount, Map<String, String> exclusions) {
        for (Route route : router.getRoutes()) {
            String path = route.getPath();
            if (path == null) {
                if (route.isRegexPath()) {
                    String key = "regex " + route.getName();
                    if (exclusions.containsKey(key)) {
                        excluded.put(key, exclusions.get(key));
                    } else {
                        unaccounted.add(key + ": a route matched by a regular expression, neither fuzzed nor excluded");
                    }
                } else {
                    filters.add(describe(route, mount));
                }
                continue;
            }
            String template = mount + VERTX_PARAMETER.matcher(path).replaceAll("{$1}");
            if (route.getSubRouter() != null) {
                readRoutes(route.getSubRouter(), template.replaceAll("/$", ""), exclusions);
                continue;
            }
            String source = route.isExactPath() ? "vert.x" : "vert.x, and every path under it";
            Set<HttpMethod> methods = route.methods();
            List<String> names = methods == null || methods.isEmpty() ? List.of("GET", "POST")
                    : methods.stream().map(HttpMethod::name).sorted().toList();
            for (String method : names) {
                String key = method + " " + template;
                Endpoint known = endpoints.get(key);
                if (exclusions.containsKey(key)) {
                    excluded.put(key, exclusions.get(key));
                    endpoints.remove(key);
                } else if (known == null) {
                    endpoints.put(key, new Endpoint(method, template, placeholders(template).stream()
                            .map(name -> new Parameter(name, "path")).toList(), null, source));
                } else if (!known.source().contains("vert.x")) {
                    endpoints.put(key, new Endpoint(known.method(), known.path(), known.parameters(), known.body(),
                            known.source() + " and " + source));
                }
            }
        }
    }

    private static String describe(Route route, String mount) {
        Set<HttpMethod> methods = route.methods();
        return (methods == null || methods.isEmpty() ? "*" : methods.toString()) + " (every path"
                + (mount.isEmpty() ? "" : " under " + mount) + ")" + (route.getName() == null ? "" : " " + route.getName());
    }
}
