package dev.holdline.webhooks.rest;

import dev.holdline.platform.identity.Roles;
import dev.holdline.platform.rest.Params;
import dev.holdline.webhooks.repository.DeliveryRepository.AttemptView;
import dev.holdline.webhooks.repository.DeliveryRepository.DeliveryView;
import dev.holdline.webhooks.service.DeliveryService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Deliveries and their attempts, for operators. */
@Path("/api/webhooks/deliveries")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    /** A page of deliveries, newest first; pass {@code next} as {@code before} for the next page. */
    public record Page(List<DeliveryView> items, Long next) {
    }

    private final DeliveryService deliveries;

    public DeliveryResource(DeliveryService deliveries) {
        this.deliveries = deliveries;
    }

    @GET
    public Page list(@QueryParam("status") String status, @QueryParam("subscription") String subscription,
            @QueryParam("eventType") String eventType, @QueryParam("before") String before,
            @QueryParam("limit") String limit) {
        int size = Params.intParam("limit", limit, 50, 1, 500);
        Long beforeId = before == null ? null : (long) Params.intParam("before", before, 0, 1, Integer.MAX_VALUE);
        List<DeliveryView> items = deliveries.list(status, subscription, eventType, beforeId, size);
        return new Page(items, items.size() == size ? items.get(items.size() - 1).id() : null);
    }

    @GET
    @Path("/{id}")
    public DeliveryView get(@PathParam("id") long id) {
        return deliveries.get(id);
    }

    @GET
    @Path("/{id}/attempts")
    public List<AttemptView> attempts(@PathParam("id") long id) {
        return deliveries.attempts(id);
    }

    @POST
    @Path("/{id}/retry")
    public DeliveryView retry(@PathParam("id") long id) {
        return deliveries.retry(id);
    }
}
