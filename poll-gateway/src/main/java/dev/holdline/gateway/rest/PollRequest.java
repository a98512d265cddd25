package dev.holdline.gateway.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/poll}. {@code topics} and {@code since} are the seed's shape
 * ({@code since}: per-topic last cursor seen; the poll resumes from the oldest of them).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PollRequest(List<String> channels, String cursor, Object timeout, Object limit, List<String> topics,
        Map<String, String> since) {
}
