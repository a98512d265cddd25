package dev.holdline.leaderboard.service;

import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.events.leaderboard.ScoreSubmitted;
import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.leaderboard.repository.ScoreRepository;
import dev.holdline.leaderboard.repository.ScoreRequestRepository;
import dev.holdline.leaderboard.repository.ScoreRequestRepository.Key;
import dev.holdline.leaderboard.repository.ScoreRequestRepository.ScoreRequest;
import dev.holdline.outbox.OutboxService;
import dev.holdline.platform.batch.BatchWriter;
import dev.holdline.platform.events.EventFactory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * One batch of scores in one transaction: the keys looked up, the {@link ScoreBatchPlan}'s statements run, one
 * {@code score.submitted} per board carrying that board's stored scores enqueued in the outbox (marked with this
 * replica's name), and the keys of the scores applied stored ({@link ScoreRequestRepository}). Once committed, the
 * batch is ranked here ({@link ReplicaUpdates#committed}), whether or not its callers still wait; this replica skips
 * the events when they come back. Answers in the order given.
 */
@ApplicationScoped
public class ScoreBatchTransaction implements BatchWriter.Transaction<ScoreWriter.Write, ScoreWriter.Outcome> {

    private static final Logger LOG = Logger.getLogger(ScoreBatchTransaction.class);
    private static final ScoreWriter.Outcome REFUSED = new ScoreWriter.Outcome.Refused();

    /** What a committed batch answers, and its stored scores, one {@code score.submitted} per board. */
    private record Committed(List<ScoreWriter.Outcome> outcomes, List<ScoreSubmitted> batches) {
    }

    private final ScoreRepository scores;
    private final ScoreRequestRepository requests;
    private final OutboxService outbox;
    private final EventFactory events;
    private final ReplicaUpdates replicas;
    private final ReplicaInstance replica;
    private final LeaderboardConfig config;

    public ScoreBatchTransaction(ScoreRepository scores, ScoreRequestRepository requests, OutboxService outbox,
            EventFactory events, ReplicaUpdates replicas, ReplicaInstance replica, LeaderboardConfig config) {
        this.scores = scores;
        this.requests = requests;
        this.outbox = outbox;
        this.events = events;
        this.replicas = replicas;
        this.replica = replica;
        this.config = config;
    }

    @Override
    public List<ScoreWriter.Outcome> commit(List<ScoreWriter.Write> writes) {
        Committed committed;
        try {
            committed = QuarkusTransaction.requiringNew().call(() -> apply(writes));
        } catch (RuntimeException e) {
            replicas.uncertain(boards(writes)); // it may have committed all the same
            throw e;
        }
        rankHere(committed.batches(), writes);
        return committed.outcomes();
    }

    /**
     * Ranks a committed batch here, one pass per board, on a worker thread: never on the writer, which would wait
     * for a board's index while it loads. Never fails the batch (it would be written again): since this replica
     * skips the batch's events when they come back, a batch that cannot be ranked has its boards read again.
     */
    private void rankHere(List<ScoreSubmitted> batches, List<ScoreWriter.Write> writes) {
        try {
            CompletableFuture.runAsync(() -> batches.forEach(replicas::committed),
                    Infrastructure.getDefaultWorkerPool()).exceptionally(e -> {
                        LOG.errorf(e, "a committed batch of scores could not be ranked here; reading its boards"
                                + " again");
                        replicas.uncertain(boards(writes));
                        return null;
                    });
        } catch (RuntimeException e) { // the pool refused it: shutting down
            replicas.uncertain(boards(writes));
        }
    }

    private static List<String> boards(List<ScoreWriter.Write> writes) {
        return writes.stream().map(w -> w.board().id).distinct().toList();
    }

    private Committed apply(List<ScoreWriter.Write> writes) {
        List<ScoreWriter.Outcome> outcomes = new ArrayList<>(Collections.nCopies(writes.size(), REFUSED));
        List<Key> keys = writes.stream().map(ScoreWriter.Write::key).filter(Objects::nonNull).toList();
        ScoreBatchPlan plan = ScoreBatchPlan.of(writes, keys.isEmpty() ? Map.of() : requests.find(keys));
        plan.replayed().forEach((i, earlier) -> outcomes.set(i, new ScoreWriter.Outcome.Replayed(earlier)));
        Map<String, List<ScoreSubmitted.Score>> stored = new LinkedHashMap<>(); // by board, in order applied
        Map<Integer, ScoreRequest> keyed = new HashMap<>(); // by index
        for (ScoreBatchPlan.Statement statement : plan.statements()) {
            ScoreWriter.Write first = writes.get(statement.writes().get(0));
            Map<String, RankIndex.Entry> entries = scores.apply(first.board(), first.period(), statement.writes()
                    .stream().map(writes::get).map(w -> new ScoreRepository.Change(w.player(), w.name(), w.value(),
                            w.metadata(), w.micros())).toList(), config.maxScore());
            for (int i : statement.writes()) {
                ScoreWriter.Write w = writes.get(i);
                RankIndex.Entry entry = entries.get(w.player());
                if (entry != null) {
                    ScoreSubmitted.Score data = new ScoreSubmitted.Score(w.period(), w.player(), entry.name(),
                            w.value(), entry.score(), entry.reachedAt() == w.micros(), entry.reachedAt(), entry.seq(),
                            entry.revision());
                    stored.computeIfAbsent(w.board().id, b -> new ArrayList<>()).add(data);
                    outcomes.set(i, new ScoreWriter.Outcome.Stored(data));
                    if (w.key() != null) {
                        keyed.put(i, new ScoreRequest(w.key(), w.requestHash(), w.period(), entry.name(),
                                entry.score(), data.improved()));
                    }
                }
            }
        }
        for (ScoreBatchPlan.Repeat repeat : plan.repeats()) {
            ScoreRequest first = keyed.get(repeat.first());
            outcomes.set(repeat.write(), first != null ? new ScoreWriter.Outcome.Replayed(first)
                    : outcomes.get(repeat.first()));
        }
        if (!keyed.isEmpty()) {
            // a key another writer's batch stored meanwhile fails the insert: the batch is written again one score
            // per transaction, and the later call finds the first one's key
            requests.insert(List.copyOf(keyed.values()), Instant.now());
        }
        List<ScoreSubmitted> batches = new ArrayList<>(stored.size());
        List<CloudEvent> submitted = new ArrayList<>(stored.size());
        stored.forEach((board, ofBoard) -> {
            ScoreSubmitted batch = new ScoreSubmitted(board, List.copyOf(ofBoard));
            batches.add(batch);
            submitted.add(events.create(EventTypes.SCORE_SUBMITTED, "leaderboards/" + board, List.of(), batch)
                    .withReplica(replica.name()));
        });
        outbox.enqueueAll(submitted);
        return new Committed(outcomes, batches);
    }
}
