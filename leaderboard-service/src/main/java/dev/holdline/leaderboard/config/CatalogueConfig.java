package dev.holdline.leaderboard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/** The catalogue orders are priced from. */
@ConfigMapping(prefix = "catalogue")
public interface CatalogueConfig {

    /** Items in the catalogue at most (it is listed whole); adding one more is a 409. */
    @WithDefault("500")
    int maxItems();

    /** One item's price at most, in any currency (major units). */
    @WithDefault("10000")
    BigDecimal maxPrice();

    /** Adds a few demo items at start when the catalogue is empty (local runs and demos; off in production). */
    @WithDefault("false")
    boolean seedDemoItems();
}
