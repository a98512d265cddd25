package dev.holdline.leaderboard.service;

import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.events.leaderboard.ScoreSubmitted;
import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.repository.ScoreRepository;
import dev.holdline.outbox.OutboxService;
import dev.holdline.platform.events.EventFactory;
import dev.holdline.platform.rest.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Group commit for scores: the scores posted while one transaction commits are written together in the next
 * (up to {@code leaderboard.write-batch} of them), each with its {@code score.submitted} in the outbox, and each
 * caller is answered (no thread waits meanwhile) once that transaction has committed: every acknowledged score
 * is durable, and 200 writers cost a few transactions instead of 200. Scores are written in (board, period, player) order, so that two
 * writers never wait on each other's rows in opposite orders. A batch that fails is written again one score per
 * transaction, so that one bad score fails alone. At most {@code leaderboard.write-queue} scores wait; more are
 * a 503.
 */
@ApplicationScoped
public class ScoreWriter {

    /** One score to apply: what {@link ScoreRepository#apply} takes. */
    public record Write(Board board, String period, String player, String name, double value, String metadata,
            long micros) {
    }

    private record Pending(Write write, CompletableFuture<Optional<ScoreSubmitted>> done) {
    }

    private static final Logger LOG = Logger.getLogger(ScoreWriter.class);
    private static final Comparator<Pending> ROW_ORDER = Comparator.comparing((Pending p) -> p.write().board().id)
            .thenComparing(p -> p.write().period()).thenComparing(p -> p.write().player());

    private final ScoreRepository scores;
    private final OutboxService outbox;
    private final EventFactory events;
    private final LeaderboardConfig config;
    private final BlockingQueue<Pending> waiting;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean stopped;

    public ScoreWriter(ScoreRepository scores, OutboxService outbox, EventFactory events, LeaderboardConfig config) {
        this.scores = scores;
        this.outbox = outbox;
        this.events = events;
        this.config = config;
        this.waiting = new ArrayBlockingQueue<>(config.writeQueue());
    }

    void onStart(@Observes StartupEvent event) {
        for (int i = 0; i < config.writers(); i++) {
            Thread writer = new Thread(this::run, "score-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        writers.forEach(Thread::interrupt);
    }

    /**
     * Queues the score; the answer is the score as stored, once committed, or empty when the board is gone or an
     * increment would pass the maximum. Failures of the database come as they came; a full queue or a score not
     * stored within {@code leaderboard.write-timeout} is a 503.
     */
    public CompletableFuture<Optional<ScoreSubmitted>> submit(Write write) {
        Pending pending = new Pending(write, new CompletableFuture<>());
        if (stopped || !waiting.offer(pending)) {
            return CompletableFuture.failedFuture(
                    ApiException.unavailable("scores are arriving faster than they can be stored", 1));
        }
        return pending.done().orTimeout(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        failure instanceof TimeoutException
                                ? ApiException.unavailable("the score was not stored in time; it may still be", 1)
                                : failure));
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (!stopped) {
            try {
                batch.add(waiting.take());
            } catch (InterruptedException e) {
                return;
            }
            waiting.drainTo(batch, config.writeBatch() - 1);
            batch.sort(ROW_ORDER); // stable: one player's scores keep their order
            try {
                List<Optional<ScoreSubmitted>> stored = QuarkusTransaction.requiringNew()
                        .call(() -> applyAll(batch.stream().map(Pending::write).toList()));
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).done().complete(stored.get(i));
                }
            } catch (RuntimeException failure) {
                LOG.debugf("a batch of %d scores failed (%s); writing them one by one", batch.size(), failure);
                for (Pending pending : batch) {
                    try {
                        pending.done().complete(QuarkusTransaction.requiringNew()
                                .call(() -> applyAll(List.of(pending.write())).get(0)));
                    } catch (RuntimeException alone) {
                        pending.done().completeExceptionally(alone);
                    }
                }
            }
            batch.clear();
        }
    }

    /**
     * Applies the scores in order, one statement per board period and round (a player's second score in the
     * batch goes in the next round, after its first), and enqueues their {@code score.submitted} with one batch
     * of inserts. Answers in the order given.
     */
    private List<Optional<ScoreSubmitted>> applyAll(List<Write> writes) {
        Map<String, List<List<Integer>>> rounds = new LinkedHashMap<>(); // board period -> rounds of indexes
        Map<String, Integer> seen = new HashMap<>(); // board period player -> scores of it so far
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            // one statement applies one operator: a board recreated with another meanwhile gets its own
            String key = w.board().id + '/' + w.board().operator + '/' + w.board().sortOrder + '/' + w.period();
            int round = seen.merge(key + '/' + w.player(), 1, Integer::sum) - 1;
            List<List<Integer>> ofPeriod = rounds.computeIfAbsent(key, k -> new ArrayList<>());
            if (ofPeriod.size() == round) {
                ofPeriod.add(new ArrayList<>());
            }
            ofPeriod.get(round).add(i);
        }
        List<Optional<ScoreSubmitted>> stored = new ArrayList<>(Collections.nCopies(writes.size(), Optional.empty()));
        List<CloudEvent> submitted = new ArrayList<>(writes.size());
        for (List<List<Integer>> ofPeriod : rounds.values()) {
            for (List<Integer> round : ofPeriod) {
                Write first = writes.get(round.get(0));
                Map<String, RankIndex.Entry> entries = scores.apply(first.board(), first.period(), round.stream()
                        .map(writes::get).map(w -> new ScoreRepository.Change(w.player(), w.name(), w.value(),
                                w.metadata(), w.micros())).toList(), config.maxScore());
                for (int i : round) {
                    Write w = writes.get(i);
                    RankIndex.Entry entry = entries.get(w.player());
                    if (entry != null) {
                        ScoreSubmitted data = new ScoreSubmitted(w.board().id, w.period(), w.player(), entry.name(),
                                w.value(), entry.score(), entry.reachedAt() == w.micros(), entry.reachedAt(),
                                entry.seq(), entry.revision());
                        submitted.add(events.create(EventTypes.SCORE_SUBMITTED, "leaderboards/" + data.board(),
                                List.of(), data));
                        stored.set(i, Optional.of(data));
                    }
                }
            }
        }
        outbox.enqueueAll(submitted);
        return stored;
    }
}
