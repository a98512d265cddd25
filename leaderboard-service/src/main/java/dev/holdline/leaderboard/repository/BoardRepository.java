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

    /** A new snapshot version: larger than every one taken before, on any replica (a sequence). */
    public long nextVersion() {
        return ((Number) getEntityManager().createNativeQuery("SELECT nextval('snapshot_version_seq')")
                .getSingleResult()).longValue();
    }

    /** Deletes every score of the board, in every period, and the idempotency keys of its posts. */
    public void deleteScores(String board) {
        getEntityManager().createNativeQuery("DELETE FROM score WHERE board_id = ?1").setParameter(1, board)
                .executeUpdate();
        getEntityManager().createNativeQuery("DELETE FROM score_request WHERE board_id = ?1").setParameter(1, board)
                .executeUpdate();
    }
}
