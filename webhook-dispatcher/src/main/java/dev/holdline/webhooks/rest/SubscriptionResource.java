package dev.holdline.webhooks.rest;

import dev.holdline.platform.identity.Roles;
import dev.holdline.platform.rest.ApiException;
import dev.holdline.webhooks.service.DeliveryService;
import dev.holdline.webhooks.service.SubscriptionService;
import dev.holdline.webhooks.service.SubscriptionService.Changes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** The admin API for subscriptions. */
@Path("/api/webhooks/subscriptions")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionResource {

    private static final String JSON_OBJECT = "a JSON object is expected";

    private final SubscriptionService subscriptions;
    private final DeliveryService deliveries;

    public SubscriptionResource(SubscriptionService subscriptions, DeliveryService deliveries) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@NotNull(message = JSON_OBJECT) Changes body) {
        SubscriptionService.WithSecret created = subscriptions.create(body);
        return Response.created(URI.create("/api/webhooks/subscriptions/" + created.subscription().id))
                .entity(SubscriptionView.of(created.subscription(), created.secret())).build();
    }

    @GET
    public List<SubscriptionView> list() {
        return subscriptions.list().stream().map(s -> SubscriptionView.of(s, null)).toList();
    }

    @GET
    @Path("/{id}")
    public SubscriptionView get(@PathParam("id") String id) {
        return SubscriptionView.of(subscriptions.get(id), null);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public SubscriptionView update(@PathParam("id") String id, @NotNull(message = JSON_OBJECT) Changes body) {
        return SubscriptionView.of(subscriptions.update(id, body), null);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        subscriptions.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/pause")
    public SubscriptionView pause(@PathParam("id") String id) {
        return SubscriptionView.of(subscriptions.pause(id), null);
    }

    @POST
    @Path("/{id}/resume")
    public SubscriptionView resume(@PathParam("id") String id) {
        return SubscriptionView.of(subscriptions.resume(id), null);
    }

    @POST
    @Path("/{id}/rotate-secret")
    public SubscriptionView rotate(@PathParam("id") String id) {
        SubscriptionService.WithSecret rotated = subscriptions.rotate(id);
        return SubscriptionView.of(rotated.subscription(), rotated.secret());
    }

    @POST
    @Path("/{id}/test")
    public Response test(@PathParam("id") String id) {
        deliveries.test(id);
        return Response.accepted(Map.of("subscription", id, "eventType", "webhook.test")).build();
    }

    @POST
    @Path("/{id}/recover")
    public Map<String, Object> recover(@PathParam("id") String id, @QueryParam("since") String since) {
        Instant from;
        try {
            from = Instant.parse(since == null ? "" : since);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("since", "an ISO-8601 instant such as 2026-12-01T00:00:00Z is expected");
        }
        return Map.of("subscription", id, "since", from.toString(), "requeued", deliveries.recover(id, from));
    }
}
