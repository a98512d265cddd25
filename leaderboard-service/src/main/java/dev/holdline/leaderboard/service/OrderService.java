package dev.holdline.leaderboard.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.platform.Digests;
import dev.holdline.events.Channels;
import dev.holdline.events.EventIds;
import dev.holdline.events.EventTypes;
import dev.holdline.events.leaderboard.OrderPlaced;
import dev.holdline.leaderboard.config.OrderConfig;
import dev.holdline.leaderboard.model.PurchaseOrder;
import dev.holdline.leaderboard.repository.OrderRepository;
import dev.holdline.outbox.OutboxService;
import dev.holdline.platform.events.EventFactory;
import dev.holdline.platform.rest.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * Orders (seed 001's {@code /place_order}): a buyer names SKUs and quantities, Holdline prices them from the
 * catalogue ({@link OrderPricing}); the order is stored and announced ({@code order.placed}, channel
 * {@code user:<buyer>}) with those prices in one transaction, so webhook-dispatcher can tell third parties. An
 * {@code Idempotency-Key} makes a retry return the first result (at the first prices); the same key with another
 * body is a 422.
 */
@ApplicationScoped
public class OrderService {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An order and whether this call created it (false: an idempotent retry). */
    public record Placed(PurchaseOrder order, boolean created) {
    }

    private final OrderRepository orders;
    private final CatalogueService catalogue;
    private final OutboxService outbox;
    private final EventFactory events;
    private final OrderConfig config;
    private final UserLimits limits;
    private final Clock clock;

    public OrderService(OrderRepository orders, CatalogueService catalogue, OutboxService outbox, EventFactory events,
            OrderConfig config, UserLimits limits, Clock clock) {
        this.orders = orders;
        this.catalogue = catalogue;
        this.outbox = outbox;
        this.events = events;
        this.config = config;
        this.limits = limits;
        this.clock = clock;
    }

    public Placed place(String buyer, String currencyCode, List<OrderPricing.Line> lines, String idempotencyKey) {
        IdempotencyKeys.check(idempotencyKey);
        Currency currency = Prices.currency("currency", currencyCode);
        OrderPricing.checkLines(lines, config);
        String requestHash = Digests.sha256Hex(currency.getCurrencyCode() + "\n" + json(lines));
        if (idempotencyKey != null) {
            Optional<Placed> earlier = earlier(buyer, idempotencyKey, requestHash);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        // a well-formed order counts against the buyer's allowance (a replay does not: it places nothing)
        limits.order(buyer);
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                OrderPricing.Priced priced = OrderPricing.price(currency, lines,
                        catalogue.find(lines.stream().map(OrderPricing.Line::sku).distinct().toList()), config);
                PurchaseOrder order = new PurchaseOrder();
                order.id = EventIds.newId();
                order.buyer = buyer;
                order.currency = currency.getCurrencyCode();
                order.total = priced.total();
                order.items = json(priced.items());
                order.status = "PLACED";
                order.idempotencyKey = idempotencyKey;
                order.requestHash = idempotencyKey == null ? null : requestHash;
                order.createdAt = clock.instant();
                orders.persistAndFlush(order);
                outbox.enqueue(events.create(EventTypes.ORDER_PLACED, "orders/" + order.id,
                        List.of(Channels.user(buyer)), new OrderPlaced(order.id, buyer, order.currency, priced.total(),
                                priced.items(), order.createdAt.toString())));
                return new Placed(order, true);
            });
        } catch (RuntimeException e) {
            // two retries with one key at once: the loser of the unique key answers the winner's order
            if (idempotencyKey != null && !(e instanceof ApiException)) {
                Optional<Placed> winner = earlier(buyer, idempotencyKey, requestHash);
                if (winner.isPresent()) {
                    return winner.get();
                }
            }
            throw e;
        }
    }

    /** The order, to its buyer or an admin; another user's order is a 404. */
    public PurchaseOrder get(String id, String user, boolean admin) {
        PurchaseOrder order = QuarkusTransaction.joiningExisting().call(() -> orders.findById(id));
        if (order == null || !(admin || order.buyer.equals(user))) {
            throw ApiException.notFound("order " + id);
        }
        return order;
    }

    public List<PurchaseOrder> mine(String user, int page, int size) {
        return QuarkusTransaction.joiningExisting().call(() -> orders.ofBuyer(user, page, size));
    }

    public long countMine(String user) {
        return QuarkusTransaction.joiningExisting().call(() -> orders.countOfBuyer(user));
    }

    public static List<OrderPlaced.Item> items(PurchaseOrder order) {
        try {
            return List.of(JSON.readValue(order.items, OrderPlaced.Item[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("order " + order.id + " holds unreadable items", e);
        }
    }

    private Optional<Placed> earlier(String buyer, String key, String requestHash) {
        return QuarkusTransaction.requiringNew().call(() -> orders.byKey(buyer, key)).map(order -> {
            if (!requestHash.equals(order.requestHash)) {
                throw IdempotencyKeys.reused(key);
            }
            return new Placed(order, false);
        });
    }

    private static String json(Object items) {
        try {
            return JSON.writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
