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
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One batch of scores in one transaction: the keys looked up, the {@link ScoreBatchPlan}'s statements run, a
 * {@code score.submitted} per stored score enqueued in the outbox with one batch of inserts, and the keys of the
 * scores applied stored ({@link ScoreRequestRepository}). Answers in the order given.
 */
@ApplicationScoped
public class ScoreBatchTransaction implements BatchWriter.Transaction<ScoreWriter.Write, ScoreWriter.Outcome> {

    private static final ScoreWriter.Outcome REFUSED = new ScoreWriter.Outcome.Refused();

    private final ScoreRepository scores;
    private final ScoreRequestRepository requests;
    private final OutboxService outbox;
    private final EventFactory events;
    private final LeaderboardConfig config;

    public ScoreBatchTransaction(ScoreRepository scores, ScoreRequestRepository requests, OutboxService outbox,
            EventFactory events, LeaderboardConfig config) {
        this.scores = scores;
        this.requests = requests;
        this.outbox = outbox;
        this.events = events;
        this.config = config;
    }

    @Override
    public List<ScoreWriter.Outcome> commit(List<ScoreWriter.Write> writes) {
        return QuarkusTransaction.requiringNew().call(() -> apply(writes));
    }

    private List<ScoreWriter.Outcome> apply(List<ScoreWriter.Write> writes) {
        List<ScoreWriter.Outcome> outcomes = new ArrayList<>(Collections.nCopies(writes.size(), REFUSED));
        List<Key> keys = writes.stream().map(ScoreWriter.Write::key).filter(Objects::nonNull).toList();
        ScoreBatchPlan plan = ScoreBatchPlan.of(writes, keys.isEmpty() ? Map.of() : requests.find(keys));
        plan.replayed().forEach((i, earlier) -> outcomes.set(i, new ScoreWriter.Outcome.Replayed(earlier)));
        List<CloudEvent> submitted = new ArrayList<>(writes.size());
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
                    ScoreSubmitted data = new ScoreSubmitted(w.board().id, w.period(), w.player(), entry.name(),
                            w.value(), entry.score(), entry.reachedAt() == w.micros(), entry.reachedAt(), entry.seq(),
                            entry.revision());
                    submitted.add(events.create(EventTypes.SCORE_SUBMITTED, "leaderboards/" + data.board(),
                            List.of(), data));
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
        outbox.enqueueAll(submitted);
        return outcomes;
    }
}
