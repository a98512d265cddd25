package dev.holdline.leaderboard.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.platform.Digests;
import dev.holdline.events.Channels;
import dev.holdline.events.EventIds;
import dev.holdline.events.EventTypes;
import dev.holdline.events.leaderboard.OrderPlaced;
import dev.holdline.leaderboard.model.PurchaseOrder;
import dev.holdline.leaderboard.repository.OrderRepository;
import dev.holdline.outbox.OutboxService;
import dev.holdline.platform.events.EventFactory;
import dev.holdline.platform.rest.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Orders (seed 001's {@code /place_order}): validated, stored and announced ({@code order.placed}, channel
 * {@code user:<buyer>}) in one transaction, so webhook-dispatcher can tell third parties. An
 * {@code Idempotency-Key} makes a retry return the first result; the same key with another body is a 422.
 */
@ApplicationScoped
public class OrderService {

    public static final int MAX_ITEMS = 100;
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An order and whether this call created it (false: an idempotent retry). */
    public record Placed(PurchaseOrder order, boolean created) {
    }

    private final OrderRepository orders;
    private final OutboxService outbox;
    private final EventFactory events;
    private final Clock clock;

    public OrderService(OrderRepository orders, OutboxService outbox, EventFactory events, Clock clock) {
        this.orders = orders;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
    }

    public Placed place(String buyer, String currencyCode, List<OrderPlaced.Item> items, String idempotencyKey) {
        IdempotencyKeys.check(idempotencyKey);
        Currency currency = currency(currencyCode);
        validate(items, currency);
        BigDecimal total = items.stream().map(i -> i.unitPrice().multiply(BigDecimal.valueOf(i.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        if (total.compareTo(MAX_AMOUNT) > 0) {
            throw ApiException.badRequest("items", "the order's total is at most " + MAX_AMOUNT.toPlainString());
        }
        String itemsJson = json(items);
        String requestHash = Digests.sha256Hex(currency.getCurrencyCode() + "\n" + itemsJson);
        if (idempotencyKey != null) {
            Optional<Placed> earlier = earlier(buyer, idempotencyKey, requestHash);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                PurchaseOrder order = new PurchaseOrder();
                order.id = EventIds.newId();
                order.buyer = buyer;
                order.currency = currency.getCurrencyCode();
                order.total = total;
                order.items = itemsJson;
                order.status = "PLACED";
                order.idempotencyKey = idempotencyKey;
                order.requestHash = idempotencyKey == null ? null : requestHash;
                order.createdAt = clock.instant();
                orders.persistAndFlush(order);
                outbox.enqueue(events.create(EventTypes.ORDER_PLACED, "orders/" + order.id,
                        List.of(Channels.user(buyer)), new OrderPlaced(order.id, buyer, order.currency, total, items,
                                order.createdAt.toString())));
                return new Placed(order, true);
            });
        } catch (RuntimeException e) {
            // two retries with one key at once: the loser of the unique key answers the winner's order
            if (idempotencyKey != null) {
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

    private static Currency currency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            throw ApiException.badRequest("currency", "an ISO 4217 code such as EUR or USD is expected");
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("currency", code + " is not an ISO 4217 currency");
        }
    }

    private static void validate(List<OrderPlaced.Item> items, Currency currency) {
        if (items == null || items.isEmpty()) {
            throw ApiException.badRequest("items", "an order needs at least one item");
        }
        if (items.size() > MAX_ITEMS) {
            throw ApiException.badRequest("items", "at most " + MAX_ITEMS + " items");
        }
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        for (int i = 0; i < items.size(); i++) {
            OrderPlaced.Item item = items.get(i);
            String field = "items[" + i + "]";
            if (item == null) {
                throw ApiException.badRequest(field, "an item is expected");
            }
            if (item.sku() == null || !SKU.matcher(item.sku()).matches()) {
                throw ApiException.badRequest(field + ".sku", "1 to 64 of A-Z a-z 0-9 . _ - is expected");
            }
            if (item.quantity() < 1 || item.quantity() > 10_000) {
                throw ApiException.badRequest(field + ".quantity", "a whole number from 1 to 10000 is expected");
            }
            BigDecimal price = item.unitPrice();
            if (price == null || price.signum() < 0 || price.compareTo(MAX_AMOUNT) > 0) {
                throw ApiException.badRequest(field + ".unitPrice", "an amount from 0 to " + MAX_AMOUNT
                        + " is expected");
            }
            if (price.stripTrailingZeros().scale() > digits) {
                throw ApiException.badRequest(field + ".unitPrice", currency.getCurrencyCode() + " has " + digits
                        + " decimal places, got " + price.toPlainString());
            }
        }
    }

    private static String json(List<OrderPlaced.Item> items) {
        try {
            return JSON.writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
