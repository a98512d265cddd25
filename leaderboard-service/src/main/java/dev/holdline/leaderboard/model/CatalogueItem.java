package dev.holdline.leaderboard.model;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Something that can be ordered, and its price in each currency it is sold in. */
@Entity
@Table(name = "catalogue_item")
public class CatalogueItem {

    @Id
    public String sku;

    @Column(nullable = false)
    public String name;

    /** Currency code to price, with the currency's decimal places. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "catalogue_price", joinColumns = @JoinColumn(name = "sku"))
    @MapKeyColumn(name = "currency")
    @Column(name = "amount", nullable = false)
    public Map<String, BigDecimal> prices = new HashMap<>();

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
