package dev.holdline.leaderboard.repository;

import dev.holdline.leaderboard.model.CatalogueItem;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class CatalogueRepository implements PanacheRepositoryBase<CatalogueItem, String> {

    /** Every item, by SKU. */
    public List<CatalogueItem> all() {
        return listAll(Sort.ascending("sku"));
    }

    public List<CatalogueItem> bySku(Collection<String> skus) {
        return list("sku in ?1", skus);
    }
}
