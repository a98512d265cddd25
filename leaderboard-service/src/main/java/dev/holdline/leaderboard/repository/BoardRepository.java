package dev.holdline.leaderboard.repository;

import dev.holdline.leaderboard.model.Board;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class BoardRepository implements PanacheRepositoryBase<Board, String> {

    public List<Board> listByName() {
        return listAll(Sort.ascending("id"));
    }

    /** The next snapshot version of the board, taken in the caller's transaction (one order across replicas). */
    public long nextVersion(String board) {
        Object version = getEntityManager().createNativeQuery(
                "UPDATE board SET version = version + 1 WHERE id = ?1 RETURNING version")
                .setParameter(1, board).getSingleResult();
        return ((Number) version).longValue();
    }
}
