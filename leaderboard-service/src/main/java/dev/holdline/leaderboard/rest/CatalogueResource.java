package dev.holdline.leaderboard.rest;

import dev.holdline.leaderboard.model.CatalogueItem;
import dev.holdline.leaderboard.service.CatalogueService;
import dev.holdline.platform.identity.Roles;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

/** The catalogue orders are priced from: any signed-in user reads it, admins change it. */
@Path("/api/catalogue")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CatalogueResource {

    /** An item as posted: its name and a price per currency, {@code {"name":"Sword","prices":{"EUR":9.99}}}. */
    public record ItemBody(String name, Map<String, BigDecimal> prices) {
    }

    /** An item as shown; prices with their currency's decimal places, by currency code. */
    public record ItemView(String sku, String name, Map<String, BigDecimal> prices) {

        static ItemView of(CatalogueItem item) {
            return new ItemView(item.sku, item.name, new TreeMap<>(item.prices));
        }
    }

    public record Catalogue(List<ItemView> items) {
    }

    private final CatalogueService catalogue;

    public CatalogueResource(CatalogueService catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    @Operation(summary = "Every item that can be ordered, with its prices (at most catalogue.max-items)")
    public Catalogue list() {
        return new Catalogue(catalogue.list().stream().map(ItemView::of).toList());
    }

    @PUT
    @Path("/{sku}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace an item: its name and every price (admin); orders placed keep their prices")
    public Response put(@RestPath String sku,
            @NotNull(message = "\\{name, prices:\\{EUR: 4.99\\}\\} is expected") ItemBody body) {
        CatalogueService.Saved saved = catalogue.put(sku, body.name(), body.prices());
        ItemView view = ItemView.of(saved.item());
        return (saved.created() ? Response.created(URI.create("/api/catalogue/" + view.sku())) : Response.ok())
                .entity(view).build();
    }

    @DELETE
    @Path("/{sku}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Remove an item (admin): it can no longer be ordered; orders placed keep it")
    public Response delete(@RestPath String sku) {
        catalogue.delete(sku);
        return Response.noContent().build();
    }
}
