package dev.holdline.leaderboard.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdline.events.leaderboard.OrderPlaced;
import dev.holdline.leaderboard.model.PurchaseOrder;
import dev.holdline.leaderboard.service.OrderPricing;
import dev.holdline.leaderboard.service.OrderService;
import dev.holdline.platform.identity.Roles;
import dev.holdline.platform.rest.ApiException;
import dev.holdline.platform.rest.Params;
import io.quarkus.security.Authenticated;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Orders (seed 001's {@code /place_order}); each one is announced as {@code order.placed}. */
@Path("/api/orders")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    /**
     * An order as posted: {@code {currency, items:[{sku, quantity}]}}. Prices come from the catalogue: a line that
     * names a {@code unitPrice} is refused (400 {@code items[i].unitPrice}) rather than charged at another price
     * than the client meant.
     */
    public record NewOrder(String currency, List<NewLine> items) {

        /** The lines, or a 400 naming the line or field at fault; null without {@code items}. */
        List<OrderPricing.Line> lines() {
            if (items == null) {
                return null;
            }
            List<OrderPricing.Line> lines = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                NewLine line = items.get(i);
                lines.add(line == null ? null : line.line("items[" + i + "]"));
            }
            return lines;
        }
    }

    /** One posted line; {@code quantity} is read as JSON to tell a fraction or a string from a whole number. */
    public record NewLine(String sku, JsonNode quantity, JsonNode unitPrice) {

        OrderPricing.Line line(String field) {
            if (unitPrice != null) {
                throw ApiException.badRequest(field + ".unitPrice", "prices come from the catalogue (GET"
                        + " /api/catalogue): send {sku, quantity} only");
            }
            if (quantity == null || !quantity.isIntegralNumber()) {
                throw ApiException.badRequest(field + ".quantity", "a whole number is expected");
            }
            // beyond an int it is out of range all the same: orders.max-quantity is far below
            return new OrderPricing.Line(sku, quantity.canConvertToInt() ? quantity.intValue() : Integer.MAX_VALUE);
        }
    }

    public record OrderView(String id, String buyer, String status, String currency, BigDecimal total,
            List<OrderPlaced.Item> items, Instant createdAt) {

        static OrderView of(PurchaseOrder order) {
            return new OrderView(order.id, order.buyer, order.status, order.currency, order.total,
                    OrderService.items(order), order.createdAt);
        }
    }

    public record OrderPage(List<OrderView> items, int page, int size, long total) {
    }

    private final OrderService orders;
    private final JsonWebToken caller;

    public OrderResource(OrderService orders, JsonWebToken caller) {
        this.orders = orders;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Place an order of catalogue SKUs and quantities, priced by Holdline; an Idempotency-Key makes"
            + " a retry answer the first result")
    public Response place(@NotNull(message = "\\{currency, items:[\\{sku, quantity\\}]\\} is expected") NewOrder body,
            @RestHeader("Idempotency-Key") String idempotencyKey) {
        OrderService.Placed placed = orders.place(caller.getSubject(), body.currency(), body.lines(), idempotencyKey);
        OrderView view = OrderView.of(placed.order());
        return (placed.created() ? Response.created(URI.create("/api/orders/" + view.id())) : Response.ok())
                .entity(view).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One of your orders (admins: any)")
    public OrderView get(@RestPath String id) {
        return OrderView.of(orders.get(id, caller.getSubject(), caller.getGroups().contains(Roles.ADMIN)));
    }

    @GET
    @Operation(summary = "Your orders, newest first")
    public OrderPage mine(@RestQuery String page, @RestQuery String size) {
        int p = Params.intParam("page", page, 0, 0, 100_000);
        int s = Params.intParam("size", size, 20, 1, 100);
        return new OrderPage(orders.mine(caller.getSubject(), p, s).stream().map(OrderView::of).toList(), p, s,
                orders.countMine(caller.getSubject()));
    }
}
