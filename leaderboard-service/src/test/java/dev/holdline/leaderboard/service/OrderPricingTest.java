package dev.holdline.leaderboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.holdline.events.leaderboard.OrderPlaced;
import dev.holdline.leaderboard.config.OrderConfig;
import dev.holdline.leaderboard.model.CatalogueItem;
import dev.holdline.platform.rest.ApiException;
import dev.holdline.testing.TestMappings;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderPricingTest {

    private static final Currency EUR = Currency.getInstance("EUR");
    private static final OrderConfig LIMITS = TestMappings.of(OrderConfig.class, Map.of("orders.max-lines", "3"));

    private static CatalogueItem item(String sku, String eur) {
        CatalogueItem item = new CatalogueItem();
        item.sku = sku;
        item.name = sku;
        // as PostgreSQL gives it back: NUMERIC(19, 4)
        item.prices.put("EUR", new BigDecimal(eur).setScale(4));
        return item;
    }

    private static final Map<String, CatalogueItem> CATALOGUE = Map.of("sword", item("sword", "9.99"), "gem",
            item("gem", "0.01"), "castle", item("castle", "9999.99"));

    private static String refusal(List<OrderPricing.Line> lines) {
        return assertThrows(ApiException.class, () -> {
            OrderPricing.checkLines(lines, LIMITS);
            OrderPricing.price(EUR, lines, CATALOGUE, LIMITS);
        }).body().error();
    }

    @Test
    void shouldPriceEachLineFromTheCatalogueWithTheCurrencysDecimalPlaces() {
        List<OrderPricing.Line> lines = List.of(new OrderPricing.Line("sword", 2), new OrderPricing.Line("gem", 3));
        OrderPricing.checkLines(lines, LIMITS);
        OrderPricing.Priced priced = OrderPricing.price(EUR, lines, CATALOGUE, LIMITS);
        assertEquals(new BigDecimal("20.01"), priced.total());
        assertEquals(List.of(new OrderPlaced.Item("sword", 2, new BigDecimal("9.99")),
                new OrderPlaced.Item("gem", 3, new BigDecimal("0.01"))), priced.items());
    }

    @Test
    void shouldRefuseUnknownSkusOtherCurrenciesAndTotalsAboveTheMaximum() {
        assertEquals("invalid_items[1].sku", refusal(List.of(new OrderPricing.Line("gem", 1),
                new OrderPricing.Line("a", 1))));
        assertEquals("invalid_items[0].sku", assertThrows(ApiException.class, () -> OrderPricing.price(
                Currency.getInstance("USD"), List.of(new OrderPricing.Line("gem", 1)), CATALOGUE, LIMITS))
                .body().error());
        assertEquals(new BigDecimal("10000.00"), OrderPricing.price(EUR, List.of(new OrderPricing.Line("castle", 1),
                new OrderPricing.Line("gem", 1)), CATALOGUE, LIMITS).total(), "the maximum itself is allowed");
        assertEquals("invalid_items", refusal(List.of(new OrderPricing.Line("castle", 1),
                new OrderPricing.Line("gem", 2))));
        assertEquals("invalid_items", refusal(List.of(new OrderPricing.Line("castle", 100))));
    }

    @Test
    void shouldRefuseLinesOfTheWrongShapeBeforeTheCatalogueIsRead() {
        assertEquals("invalid_items", refusal(List.of()));
        assertEquals("invalid_items", refusal(null));
        assertEquals("invalid_items", refusal(List.of(new OrderPricing.Line("gem", 1), new OrderPricing.Line("gem", 1),
                new OrderPricing.Line("gem", 1), new OrderPricing.Line("gem", 1))));
        assertEquals("invalid_items[0].quantity", refusal(List.of(new OrderPricing.Line("gem", 0))));
        assertEquals("invalid_items[0].quantity", refusal(List.of(new OrderPricing.Line("gem", 101))));
        assertEquals("invalid_items[0].quantity", refusal(List.of(new OrderPricing.Line("gem", Integer.MAX_VALUE))));
        assertEquals("invalid_items[0].sku", refusal(List.of(new OrderPricing.Line("a b", 1))));
        assertEquals("invalid_items[0].sku", refusal(List.of(new OrderPricing.Line(null, 1))));
        assertEquals("invalid_items[1]", refusal(java.util.Arrays.asList(new OrderPricing.Line("gem", 1), null)));
    }
}
