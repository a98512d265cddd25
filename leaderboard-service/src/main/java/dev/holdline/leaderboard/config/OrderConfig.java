package dev.holdline.leaderboard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/** Bounds of an order; its prices come from the catalogue ({@link CatalogueConfig}). */
@ConfigMapping(prefix = "orders")
public interface OrderConfig {

    /** Lines in one order at most. */
    @WithDefault("20")
    int maxLines();

    /** The quantity of one line at most. */
    @WithDefault("100")
    int maxQuantity();

    /** An order's total at most, in the order's currency (major units: euros, yen). */
    @WithDefault("10000")
    BigDecimal maxTotal();
}
