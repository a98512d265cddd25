package dev.holdline.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.gateway.service.Cursors;
import dev.holdline.platform.rest.ApiException;
import dev.holdline.platform.rest.ErrorBody;
import dev.holdline.platform.rest.Params;
import io.netty.handler.codec.http.QueryStringDecoder;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What a poll asks for, read from a GET's query string or a POST's JSON body ({@link PollRequest}, the seed's
 * {@code topics}/{@code since} shape included) and checked: at least one channel and at most
 * {@code gateway.poll.max-channels} (repeats dropped), the timeout, the limit and the cursor, each a 400 naming
 * the field when wrong. Whether the caller may see the channels is {@code ChannelAuthorizer}'s to say.
 */
@Singleton
public class PollRequestParser {

    /**
     * A poll as asked for, checked. {@code cursor}: the offset to resume after; null for "from now".
     * {@code cursorEpoch}: the stream epoch the cursor names, null for a cursor without one.
     */
    public record PollParams(List<String> channels, Long cursor, String cursorEpoch, int timeoutSeconds, int limit) {
    }

    static final int MAX_LIMIT = 500;

    private final ObjectMapper mapper;
    private final int maxChannels;
    private final int defaultTimeout;
    private final int maxTimeout;
    private final int defaultLimit;

    public PollRequestParser(GatewayConfig config, ObjectMapper mapper) {
        this.mapper = mapper;
        this.maxChannels = config.poll().maxChannels();
        this.defaultTimeout = config.poll().defaultTimeout();
        this.maxTimeout = config.poll().maxTimeout();
        this.defaultLimit = config.poll().defaultLimit();
    }

    /** A GET poll; {@code lastEventId} (the header) is the cursor when the query names none. */
    public PollParams fromQuery(String query, String lastEventId) {
        Query parameters = Query.of(query);
        return checked(parameters.channels(), parameters.cursor() != null ? parameters.cursor() : lastEventId,
                parameters.timeout(), parameters.limit());
    }

    /**
     * A POST poll's body: {@code channels} and {@code topics} together are the channels; without a
     * {@code cursor}, the oldest of the {@code since} cursors, else {@code lastEventId}.
     */
    public PollParams fromBody(byte[] body, String lastEventId) {
        PollRequest poll = read(body);
        List<String> channels = new ArrayList<>();
        addNamed("channels", poll.channels(), channels);
        addNamed("topics", poll.topics(), channels);
        String cursor = poll.cursor();
        if (cursor == null && poll.since() != null && !poll.since().isEmpty()) {
            Cursors.Cursor oldest = null;
            for (Map.Entry<String, String> since : poll.since().entrySet()) {
                Cursors.Cursor parsed = Cursors.parse(since.getValue(), "since." + since.getKey());
                if (oldest == null || parsed.offset() < oldest.offset()) {
                    oldest = parsed;
                }
            }
            cursor = Cursors.format(oldest.offset(), oldest.epoch());
        }
        return checked(channels, cursor != null ? cursor : lastEventId, poll.timeout(), poll.limit());
    }

    /** Each of {@code names} (a body's list, possibly absent) into {@code into}; a null in it is a 400 naming it. */
    private static void addNamed(String field, List<String> names, List<String> into) {
        if (names == null) {
            return;
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) == null) {
                throw ApiException.badRequest(field, "a channel name is expected at " + field + "[" + i + "], got null");
            }
        }
        into.addAll(names);
    }

    private PollRequest read(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("channels", "a JSON body with channels is required");
        }
        try {
            PollRequest poll = mapper.readValue(body, PollRequest.class);
            if (poll == null) {
                throw ApiException.badRequest("channels", "a JSON body with channels is required");
            }
            return poll;
        } catch (JsonProcessingException e) {
            ErrorBody invalid = ErrorBody.invalidJson(e.getOriginalMessage());
            throw new ApiException(400, invalid.error(), invalid.detail());
        } catch (IOException e) {
            throw new ApiException(400, "invalid_body", "the body could not be read");
        }
    }

    private PollParams checked(List<String> requested, String cursor, Object timeout, Object limit) {
        List<String> channels = requested == null ? List.of() : List.copyOf(new LinkedHashSet<>(requested));
        if (channels.isEmpty()) {
            throw ApiException.badRequest("channel", "name at least one channel to poll");
        }
        if (channels.size() > maxChannels) {
            throw ApiException.badRequest("channel", "at most " + maxChannels + " channels");
        }
        int seconds = Params.intParam("timeout", timeout, defaultTimeout, 1, maxTimeout);
        int max = Params.intParam("limit", limit, defaultLimit, 1, MAX_LIMIT);
        Cursors.Cursor after = cursor == null || cursor.isBlank() ? null : Cursors.parse(cursor, "cursor");
        return new PollParams(channels, after == null ? null : after.offset(), after == null ? null : after.epoch(),
                seconds, max);
    }

    /**
     * A GET poll's parameters, read straight from the query string: {@code request.params()} would build a
     * parameter map that a parked poll then keeps for as long as it waits (about 500 bytes each).
     */
    record Query(List<String> channels, String cursor, String timeout, String limit) {

        static Query of(String query) {
            List<String> channels = new ArrayList<>(1);
            String cursor = null;
            String timeout = null;
            String limit = null;
            int start = 0;
            while (query != null && start < query.length()) {
                int end = query.indexOf('&', start);
                end = end < 0 ? query.length() : end;
                int equals = query.indexOf('=', start);
                if (equals > start && equals < end) {
                    String name = decode(query, start, equals);
                    switch (name) {
                        case "channel" -> channels.add(decode(query, equals + 1, end));
                        case "cursor" -> cursor = decode(query, equals + 1, end);
                        case "timeout" -> timeout = decode(query, equals + 1, end);
                        case "limit" -> limit = decode(query, equals + 1, end);
                        default -> { } // not ours: ignored, as any other query parameter
                    }
                }
                start = end + 1;
            }
            return new Query(channels, cursor, timeout, limit);
        }

        private static String decode(String query, int from, int to) {
            String part = query.substring(from, to);
            try {
                return QueryStringDecoder.decodeComponent(part);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("query", "not a valid URL-encoded query: " + part);
            }
        }
    }
}
