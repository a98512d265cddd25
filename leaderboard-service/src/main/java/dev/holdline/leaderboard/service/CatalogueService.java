package dev.holdline.leaderboard.service;

import dev.holdline.leaderboard.config.CatalogueConfig;
import dev.holdline.leaderboard.model.CatalogueItem;
import dev.holdline.leaderboard.repository.CatalogueRepository;
import dev.holdline.platform.rest.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The catalogue orders are priced from: SKUs, their names and a price per currency, set by admins. At most
 * {@code catalogue.max-items} items (the list is answered whole), each price from 0 to {@code catalogue.max-price}
 * with its currency's decimal places.
 */
@ApplicationScoped
public class CatalogueService {

    public static final Pattern SKU = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Currencies one item is priced in at most. */
    public static final int MAX_CURRENCIES = 20;

    /** The lock that makes "count, then add" one step for concurrent admins (a transaction-scoped advisory lock). */
    private static final long ADD_LOCK = 0x686f6c646c696e65L; // "holdline"

    private final CatalogueRepository items;
    private final CatalogueConfig config;
    private final Clock clock;

    public CatalogueService(CatalogueRepository items, CatalogueConfig config, Clock clock) {
        this.items = items;
        this.config = config;
        this.clock = clock;
    }

    public List<CatalogueItem> list() {
        return QuarkusTransaction.joiningExisting().call(items::all);
    }

    /** The items among {@code skus} that exist, by SKU. */
    public Map<String, CatalogueItem> find(Collection<String> skus) {
        return QuarkusTransaction.joiningExisting().call(() -> items.bySku(skus)).stream()
                .collect(Collectors.toMap(item -> item.sku, Function.identity()));
    }

    /**
     * Creates or replaces the item (its name and every price); answers it and whether it is new. A 400 names the
     * field at fault ({@code sku}, {@code name}, {@code prices}, {@code prices.EUR}); a new item past
     * {@code catalogue.max-items} is a 409.
     */
    public Saved put(String sku, String name, Map<String, BigDecimal> prices) {
        checkSku(sku);
        String checkedName = DisplayNames.check("name", name);
        Map<String, BigDecimal> checkedPrices = prices(prices);
        return QuarkusTransaction.requiringNew().call(() -> {
            items.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, ADD_LOCK)
                    .getSingleResult();
            CatalogueItem item = items.findById(sku);
            boolean created = item == null;
            if (created) {
                if (items.count() >= config.maxItems()) {
                    throw ApiException.conflict("the catalogue holds catalogue.max-items (" + config.maxItems()
                            + ") items; delete one first");
                }
                item = new CatalogueItem();
                item.sku = sku;
            }
            item.name = checkedName;
            item.prices.clear();
            item.prices.putAll(checkedPrices);
            item.updatedAt = clock.instant();
            items.persistAndFlush(item);
            return new Saved(item, created);
        });
    }

    /** An item and whether {@link #put} created it. */
    public record Saved(CatalogueItem item, boolean created) {
    }

    /** Deletes the item (orders placed keep their prices); a 404 if there is none. */
    public void delete(String sku) {
        checkSku(sku);
        if (!QuarkusTransaction.requiringNew().call(() -> items.deleteById(sku))) {
            throw ApiException.notFound("catalogue item " + sku);
        }
    }

    private static void checkSku(String sku) {
        if (sku == null || !SKU.matcher(sku).matches()) {
            throw ApiException.badRequest("sku", "1 to 64 of A-Z a-z 0-9 . _ - is expected");
        }
    }

    private Map<String, BigDecimal> prices(Map<String, BigDecimal> prices) {
        if (prices == null || prices.isEmpty()) {
            throw ApiException.badRequest("prices", "at least one price is expected, such as {\"EUR\": 4.99}");
        }
        if (prices.size() > MAX_CURRENCIES) {
            throw ApiException.badRequest("prices", "at most " + MAX_CURRENCIES + " currencies");
        }
        Map<String, BigDecimal> checked = new LinkedHashMap<>();
        for (Map.Entry<String, BigDecimal> price : prices.entrySet()) {
            String code = price.getKey();
            Currency currency = Prices.currency("prices", code);
            checked.put(code, Prices.amount("prices." + code, price.getValue(), currency, config.maxPrice()));
        }
        return checked;
    }
}
