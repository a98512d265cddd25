package dev.holdline.leaderboard.service;

import dev.holdline.leaderboard.config.CatalogueConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * With {@code catalogue.seed-demo-items} (on in {@code %dev} and in {@code scripts/local} and compose), an empty
 * catalogue gets the items the README's and the web app's examples order: {@code sword}, {@code skin-gold},
 * {@code gem-pack}. Admins change them like any other item.
 */
@ApplicationScoped
public class CatalogueSeed {

    private static final Logger LOG = Logger.getLogger(CatalogueSeed.class);

    private final CatalogueService catalogue;
    private final CatalogueConfig config;

    public CatalogueSeed(CatalogueService catalogue, CatalogueConfig config) {
        this.catalogue = catalogue;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.seedDemoItems() || !catalogue.list().isEmpty()) {
            return;
        }
        catalogue.put("sword", "Sword", Map.of("EUR", new BigDecimal("9.99"), "USD", new BigDecimal("10.99")));
        catalogue.put("skin-gold", "Gold skin", Map.of("EUR", new BigDecimal("4.99"), "USD", new BigDecimal("5.49"),
                "GBP", new BigDecimal("4.29")));
        catalogue.put("gem-pack", "Pack of 100 gems", Map.of("EUR", new BigDecimal("0.99"),
                "USD", new BigDecimal("0.99"), "JPY", new BigDecimal("150")));
        LOG.info("catalogue.seed-demo-items: the empty catalogue got sword, skin-gold and gem-pack");
    }
}
