package dev.holdline.leaderboard.repository;

import dev.holdline.leaderboard.model.PurchaseOrder;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class OrderRepository implements PanacheRepositoryBase<PurchaseOrder, String> {

    public Optional<PurchaseOrder> byKey(String buyer, String idempotencyKey) {
        return find("buyer = ?1 and idempotencyKey = ?2", buyer, idempotencyKey).firstResultOptional();
    }

    /** The buyer's orders, newest first. */
    public List<PurchaseOrder> ofBuyer(String buyer, int page, int size) {
        return find("buyer", Sort.descending("createdAt", "id"), buyer).page(Page.of(page, size)).list();
    }

    public long countOfBuyer(String buyer) {
        return count("buyer", buyer);
    }
}
