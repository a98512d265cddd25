package dev.holdline.events.leaderboard;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.util.List;

/**
 * The data of {@code order.placed}. Amounts are exact decimals (JSON numbers, as many decimals as the
 * currency has), never floating point. Receivers that follow the seed's naming get it as
 * {@code PURCHASE_COMPLETED} through webhook-dispatcher.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderPlaced(String orderId, String buyer, String currency, BigDecimal total, List<Item> items,
        String createdAt) {

    /** One line of the order. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Item(String sku, int quantity, BigDecimal unitPrice) {
    }
}
