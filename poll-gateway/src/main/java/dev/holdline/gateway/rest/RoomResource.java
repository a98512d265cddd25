package dev.holdline.gateway.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.holdline.events.Channels;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.platform.events.EventFactory;
import dev.holdline.gateway.service.ChatLimits;
import dev.holdline.gateway.service.PollService;
import dev.holdline.gateway.service.EventHub;
import dev.holdline.gateway.service.EventSink;
import dev.holdline.gateway.service.PresenceService;
import dev.holdline.platform.rest.ApiException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import dev.holdline.platform.rest.Params;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.holdline.events.EventIds;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Chat rooms: messages, typing and read receipts are events on {@code room:<name>}, buffered and replayed to
 * polls (typing and receipts in a small ring of their own, so they never push messages out); the history
 * holds the messages only.
 */
@Path("/api/rooms/{room}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class RoomResource {

    public static final int MAX_TEXT = 2000;
    static final int MAX_PRESENCE = 200;
    /** The IETF httpapi draft's header: a retry with the same key is the same message (the same event id). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NewMessage(@NotBlank(message = "required")
            @Size(max = MAX_TEXT, message = "at most {max} characters") String text) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReadReceipt(@NotNull(message = MESSAGE_ID)
            @Pattern(regexp = "[0-9A-Z]{26}", message = MESSAGE_ID) String messageId) {

        private static final String MESSAGE_ID = "the id of a chat.message event is required";
    }

    public record Sent(String id, String room) {
    }

    /** {@code cursor}: a poll from it brings every event of the room after these messages (none is lost between). */
    public record History(String room, List<JsonNode> messages, String cursor) {
    }

    public record Presence(String room, List<String> online) {
    }

    private final EventSink publisher;
    private final EventFactory events;
    private final EventHub hub;
    private final PollService polls;
    private final JsonWebToken token;
    private final ChatLimits limits;
    private final PresenceService presence;

    public RoomResource(EventSink publisher, EventFactory events, EventHub hub, PollService polls, JsonWebToken token,
            ChatLimits limits, PresenceService presence) {
        this.polls = polls;
        this.presence = presence;
        this.publisher = publisher;
        this.events = events;
        this.hub = hub;
        this.token = token;
        this.limits = limits;
    }

    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Say something in a room (1..2000 characters); 202 once the broker has it. With an "
            + "Idempotency-Key (1..64 of [A-Za-z0-9_-]) a retry is the same message: same id, shown once")
    public Uni<Response> send(@RestPath String room, @RestHeader(IDEMPOTENCY_KEY) String key,
            @NotNull(message = "\\{text\\} is expected") @Valid NewMessage body) {
        String channel = room(room);
        if (key != null && !KEY.matcher(key).matches()) {
            throw ApiException.badRequest(IDEMPOTENCY_KEY, "1 to 64 of [A-Za-z0-9_-]");
        }
        limits.message(token.getSubject());
        CloudEvent event = create(channel, EventTypes.CHAT_MESSAGE, Map.of("room", room, "sender",
                token.getSubject(), "text", body.text()));
        if (key != null) { // the same on every replica: readers drop the copy a lost confirm's retry makes
            event = event.withId(EventIds.derivedId(token.getSubject(), channel, key));
        }
        return publisher.publish(event).map(sent -> Response.accepted(new Sent(sent.id(), room)).build());
    }

    @GET
    @Path("/messages")
    @Operation(summary = "The latest messages of a room, oldest first (limit 1..100, default 20)")
    public History history(@RestPath String room, @RestQuery String limit) {
        String channel = room(room);
        int max = Params.intParam("limit", limit, 20, 1, 100);
        String resume = polls.resumeCursor(); // asked before the room is read: what comes after is the poll's
        List<JsonNode> messages = hub.collect(List.of(channel), -1, Integer.MAX_VALUE).events().stream()
                .filter(e -> EventTypes.CHAT_MESSAGE.equals(e.type())).map(e -> (JsonNode) e.json()).toList();
        return new History(room, messages.subList(Math.max(0, messages.size() - max), messages.size()),
                resume);
    }

    @GET
    @Path("/presence")
    @Operation(summary = "Who is online in the room now (at most 200, sorted); presence.changed tells changes")
    public Presence presence(@RestPath String room) {
        return new Presence(room, presence.onlineIn(room(room), MAX_PRESENCE));
    }

    @POST
    @Path("/typing")
    @Operation(summary = "Tell the room you are typing (delivered to pollers, never in history)")
    public Uni<Response> typing(@RestPath String room) {
        String channel = room(room);
        limits.typing(token.getSubject());
        return publish(channel, EventTypes.CHAT_TYPING, Map.of("room", room, "user", token.getSubject()))
                .map(event -> Response.accepted(new Sent(event.id(), room)).build());
    }

    @POST
    @Path("/read")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Tell the room you have read up to a message")
    public Uni<Response> read(@RestPath String room,
            @NotNull(message = "\\{messageId\\} is expected") @Valid ReadReceipt body) {
        String channel = room(room);
        limits.read(token.getSubject());
        return publish(channel, EventTypes.CHAT_READ, Map.of("room", room, "user", token.getSubject(),
                "messageId", body.messageId()))
                .map(event -> Response.accepted(new Sent(event.id(), room)).build());
    }

    private Uni<CloudEvent> publish(String channel, String type, Map<String, Object> data) {
        return publisher.publish(create(channel, type, data));
    }

    private CloudEvent create(String channel, String type, Map<String, Object> data) {
        return events.create(type, "rooms/" + channel.substring(5), List.of(channel), data);
    }

    static String room(String room) {
        if (!Channels.isValidName(room)) {
            throw ApiException.badRequest("room", "room names are 1 to 64 of [A-Za-z0-9._-]");
        }
        return Channels.room(room);
    }
}
