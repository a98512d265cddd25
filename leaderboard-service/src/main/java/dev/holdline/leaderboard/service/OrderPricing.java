package dev.holdline.leaderboard.service;

import dev.holdline.events.leaderboard.OrderPlaced;
import dev.holdline.leaderboard.config.OrderConfig;
import dev.holdline.leaderboard.model.CatalogueItem;
import dev.holdline.platform.rest.ApiException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;

/**
 * Prices an order from the catalogue: the client names SKUs and quantities, never a price. Every check names the
 * field at fault ({@code items[1].sku}). Amounts are exact decimals with the currency's decimal places; a line is at
 * most {@code orders.max-quantity} × {@code catalogue.max-price} and an order {@code orders.max-lines} lines, so a
 * total is small and exact (and at most {@code orders.max-total}).
 */
public final class OrderPricing {

    /** One line as ordered: a SKU and a quantity. */
    public record Line(String sku, int quantity) {
    }

    /** The priced lines (what {@code order.placed} carries) and their total. */
    public record Priced(List<OrderPlaced.Item> items, BigDecimal total) {
    }

    private OrderPricing() {
    }

    /** Checks the lines' shape (count, SKU spelling, quantity range) before the catalogue is read. */
    public static void checkLines(List<Line> lines, OrderConfig limits) {
        if (lines == null || lines.isEmpty()) {
            throw ApiException.badRequest("items", "an order needs at least one item");
        }
        if (lines.size() > limits.maxLines()) {
            throw ApiException.badRequest("items", "at most " + limits.maxLines() + " lines (orders.max-lines)");
        }
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            String field = "items[" + i + "]";
            if (line == null) {
                throw ApiException.badRequest(field, "{sku, quantity} is expected");
            }
            if (line.sku() == null || !CatalogueService.SKU.matcher(line.sku()).matches()) {
                throw ApiException.badRequest(field + ".sku", "1 to 64 of A-Z a-z 0-9 . _ - is expected");
            }
            if (line.quantity() < 1 || line.quantity() > limits.maxQuantity()) {
                throw ApiException.badRequest(field + ".quantity", "a whole number from 1 to " + limits.maxQuantity()
                        + " is expected (orders.max-quantity)");
            }
        }
    }

    /**
     * Prices checked lines in {@code currency} from {@code catalogue} (the items of their SKUs): a SKU not in it,
     * or an item without a price in the currency, is a 400 naming that line; a total above
     * {@code orders.max-total} is a 400 naming {@code items}.
     */
    public static Priced price(Currency currency, List<Line> lines, Map<String, CatalogueItem> catalogue,
            OrderConfig limits) {
        List<OrderPlaced.Item> items = new ArrayList<>(lines.size());
        BigDecimal total = BigDecimal.ZERO.setScale(currency.getDefaultFractionDigits());
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            CatalogueItem item = catalogue.get(line.sku());
            if (item == null) {
                throw ApiException.badRequest("items[" + i + "].sku", "no such item in the catalogue"
                        + " (GET /api/catalogue)");
            }
            BigDecimal unitPrice = item.prices.get(currency.getCurrencyCode());
            if (unitPrice == null) {
                throw ApiException.badRequest("items[" + i + "].sku", "this item has no price in "
                        + currency.getCurrencyCode() + "; it is sold in " + item.prices.keySet().stream().sorted().toList());
            }
            unitPrice = unitPrice.setScale(currency.getDefaultFractionDigits(), java.math.RoundingMode.UNNECESSARY);
            items.add(new OrderPlaced.Item(line.sku(), line.quantity(), unitPrice));
            total = total.add(unitPrice.multiply(BigDecimal.valueOf(line.quantity())));
        }
        if (total.compareTo(limits.maxTotal()) > 0) {
            throw ApiException.badRequest("items", "the order's total is at most " + limits.maxTotal().toPlainString()
                    + " " + currency.getCurrencyCode() + " (orders.max-total)");
        }
        return new Priced(List.copyOf(items), total);
    }
}
