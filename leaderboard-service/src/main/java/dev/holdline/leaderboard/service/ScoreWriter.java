package dev.holdline.leaderboard.service;

import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.events.leaderboard.ScoreSubmitted;
import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.repository.ScoreRepository;
import dev.holdline.leaderboard.repository.ScoreRequestRepository;
import dev.holdline.outbox.OutboxService;
import dev.holdline.platform.events.EventFactory;
import dev.holdline.platform.rest.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * a 503. A score posted with an {@code Idempotency-Key} that this player already used on this board is not applied
 * again: it is answered with what the first one left ({@link Outcome.Replayed}); the keys are kept for
 * {@code leaderboard.idempotency-retention}.
 */
@ApplicationScoped
public class ScoreWriter {

    /**
     * One score to apply: what {@link ScoreRepository#apply} takes, and the caller's {@code Idempotency-Key} with
     * the hash of its request (both null without a key).
     */
    public record Write(Board board, String period, String player, String name, double value, String metadata,
            long micros, String idempotencyKey, String requestHash) {

        ScoreRequestRepository.Key key() {
            return idempotencyKey == null ? null : new ScoreRequestRepository.Key(board.id, player, idempotencyKey);
        }
    }

    /** What became of a score. */
    public sealed interface Outcome {

        /** Stored, and announced with this {@code score.submitted}. */
        record Stored(ScoreSubmitted submitted) implements Outcome {
        }

        /** Not applied: its key was used before, by this request (same hash) or by another. */
        record Replayed(ScoreRequestRepository.ScoreRequest earlier) implements Outcome {
        }

        /** Not stored: the board is gone, or an increment would pass the maximum. */
        record Refused() implements Outcome {
        }
    }

    private record Pending(Write write, CompletableFuture<Outcome> done) {
    }

    private static final Outcome REFUSED = new Outcome.Refused();

    private static final Logger LOG = Logger.getLogger(ScoreWriter.class);
    private static final Comparator<Pending> ROW_ORDER = Comparator.comparing((Pending p) -> p.write().board().id)
            .thenComparing(p -> p.write().period()).thenComparing(p -> p.write().player());

    private final ScoreRepository scores;
    private final ScoreRequestRepository requests;
    private final OutboxService outbox;
    private final EventFactory events;
    private final LeaderboardConfig config;
    private final BlockingQueue<Pending> waiting;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean stopped;

    public ScoreWriter(ScoreRepository scores, ScoreRequestRepository requests, OutboxService outbox,
            EventFactory events, LeaderboardConfig config) {
        this.scores = scores;
        this.requests = requests;
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
     * Queues the score; the answer is what became of it, once committed. Failures of the database come as they
     * came; a full queue or a score not stored within {@code leaderboard.write-timeout} is a 503.
     */
    public CompletableFuture<Outcome> submit(Write write) {
        Pending pending = new Pending(write, new CompletableFuture<>());
        if (stopped || !waiting.offer(pending)) {
            return CompletableFuture.failedFuture(
                    ApiException.unavailable("scores are arriving faster than they can be stored", 1));
        }
        return pending.done().orTimeout(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        failure instanceof TimeoutException
                                ? ApiException.unavailable("the score was not stored in time; it may still be"
                                        + " (a retry with the same Idempotency-Key counts it once)", 1)
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
                List<Outcome> stored = QuarkusTransaction.requiringNew()
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
     * of inserts; a score whose key was used before is not applied, and the keys of those applied are stored.
     * Answers in the order given.
     */
    private List<Outcome> applyAll(List<Write> writes) {
        List<Outcome> outcomes = new ArrayList<>(Collections.nCopies(writes.size(), REFUSED));
        List<ScoreRequestRepository.Key> keys = writes.stream().map(Write::key).filter(Objects::nonNull).toList();
        Map<ScoreRequestRepository.Key, ScoreRequestRepository.ScoreRequest> earlier = keys.isEmpty() ? Map.of()
                : requests.find(keys);
        Map<String, List<List<Integer>>> rounds = new LinkedHashMap<>(); // board period -> rounds of indexes
        Map<String, Integer> seen = new HashMap<>(); // board period player -> scores of it so far
        Map<ScoreRequestRepository.Key, Integer> firstWithKey = new HashMap<>();
        Map<Integer, Integer> repeats = new LinkedHashMap<>(); // index -> index of the first call with its key
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            ScoreRequestRepository.ScoreRequest before = w.key() == null ? null : earlier.get(w.key());
            if (before != null) {
                outcomes.set(i, new Outcome.Replayed(before));
                continue;
            }
            Integer first = w.key() == null ? null : firstWithKey.putIfAbsent(w.key(), i);
            if (first != null) { // a retry in the same batch as its first call: answered by it, never applied
                repeats.put(i, first);
                continue;
            }
            // one statement applies one operator: a board recreated with another meanwhile gets its own
            String key = w.board().id + '/' + w.board().operator + '/' + w.board().sortOrder + '/' + w.period();
            int round = seen.merge(key + '/' + w.player(), 1, Integer::sum) - 1;
            List<List<Integer>> ofPeriod = rounds.computeIfAbsent(key, k -> new ArrayList<>());
            if (ofPeriod.size() == round) {
                ofPeriod.add(new ArrayList<>());
            }
            ofPeriod.get(round).add(i);
        }
        List<CloudEvent> submitted = new ArrayList<>(writes.size());
        Map<Integer, ScoreRequestRepository.ScoreRequest> keyed = new HashMap<>(); // by index
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
                        outcomes.set(i, new Outcome.Stored(data));
                        if (w.key() != null) {
                            keyed.put(i, new ScoreRequestRepository.ScoreRequest(w.key(), w.requestHash(),
                                    w.period(), entry.name(), entry.score(), data.improved()));
                        }
                    }
                }
            }
        }
        repeats.forEach((i, first) -> outcomes.set(i, keyed.containsKey(first)
                ? new Outcome.Replayed(keyed.get(first)) : outcomes.get(first)));
        if (!keyed.isEmpty()) {
            // a key another writer's batch stored meanwhile fails the insert: the batch is written again one score
            // per transaction, and the later call finds the first one's key
            requests.insert(List.copyOf(keyed.values()), Instant.now());
        }
        outbox.enqueueAll(submitted);
        return outcomes;
    }

    /** Keys are kept for {@code leaderboard.idempotency-retention}, then deleted in batches. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteOldKeys() {
        Instant cutoff = Instant.now().minus(config.idempotencyRetention());
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> requests.deleteBefore(cutoff, 10_000));
        } while (deleted == 10_000);
    }
}
