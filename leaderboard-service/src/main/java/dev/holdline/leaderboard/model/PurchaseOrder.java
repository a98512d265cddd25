package dev.holdline.leaderboard.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

@Entity
@Table(name = "purchase_order")
public class PurchaseOrder {

    /** A ULID, like event ids. */
    @Id
    public String id;

    @Column(nullable = false)
    public String buyer;

    @Column(nullable = false)
    public String currency;

    @Column(nullable = false)
    public BigDecimal total;

    /** The lines as JSON: {@code [{sku, quantity, unitPrice}]}. */
    @Column(nullable = false)
    public String items;

    @Column(nullable = false)
    public String status;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** SHA-256 of the request body first sent with {@link #idempotencyKey}. */
    @Column(name = "request_hash")
    public String requestHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
