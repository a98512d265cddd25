package dev.holdline.outbox;

import dev.holdline.platform.messaging.BrokerUnavailableException;
import dev.holdline.platform.messaging.ConfirmedPublisher;
import dev.holdline.platform.messaging.EventMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows and marks them sent. Woken right after each commit that enqueued an
 * event, and on a timer in case the broker was away. One drain runs at a time per replica; replicas
 * share the work through {@code FOR UPDATE SKIP LOCKED}.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final ConfirmedPublisher publisher;
    private final OutboxConfig config;
    private final MeterRegistry metrics;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean brokerDown;

    public OutboxRelay(OutboxRepository outbox, ConfirmedPublisher publisher, OutboxConfig config, MeterRegistry metrics) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.config = config;
        this.metrics = metrics;
        metrics.gauge("holdline.outbox.unsent", this, relay -> relay.unsentCount());
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxService.Enqueued enqueued) {
        wake();
    }

    @Scheduled(every = "${holdline.outbox.poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onTimer() {
        wake();
    }

    void onStop(@Observes ShutdownEvent event) {
        executor.shutdown();
    }

    /** Runs a drain now, or right after the one under way. */
    public void wake() {
        again.set(true);
        if (!executor.isShutdown() && running.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            while (again.getAndSet(false)) {
                int sent;
                do {
                    sent = relayBatch();
                } while (sent == config.batchSize());
            }
        } catch (RuntimeException e) {
            LOG.warn("outbox relay run failed; the timer will try again", e);
        } finally {
            running.set(false);
            if (again.get()) {
                wake();
            }
        }
    }

    /**
     * Publishes one batch in one transaction and marks each event by its own confirm: the confirmed sent, the
     * rest (broker away, or a refusal: a bounded queue full, x-overflow reject-publish) kept for the next run.
     * Returns how many were confirmed.
     */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<OutboxRepository.Pending> batch = outbox.lockUnsent(config.batchSize());
            if (batch.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<Void>> confirms = batch.stream()
                    .map(event -> publisher.publish(EventMessage.of(event.id(), event.type(), event.createdAt(),
                            event.payload(), event.trace())))
                    .toList();
            List<String> sent = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            Throwable failure = null;
            for (int i = 0; i < batch.size(); i++) {
                try {
                    confirms.get(i).join(); // each ends within holdline.events.confirm-timeout
                    sent.add(batch.get(i).id());
                } catch (CompletionException | CancellationException e) {
                    failed.add(batch.get(i).id());
                    failure = failure != null ? failure : (e.getCause() != null ? e.getCause() : e);
                }
            }
            if (!sent.isEmpty()) {
                outbox.markSent(sent, Instant.now());
                metrics.counter("holdline.outbox.published").increment(sent.size());
            }
            if (failed.isEmpty()) {
                if (brokerDown) {
                    LOG.info("RabbitMQ takes events again; publishing the outbox");
                    brokerDown = false;
                }
                return sent.size();
            }
            boolean refused = BrokerUnavailableException.refusal(failure);
            if (!brokerDown) {
                LOG.warnf(refused ? "RabbitMQ refused %d event(s) (%s): a bounded queue is full; they wait in the"
                        + " outbox and are sent again" : "RabbitMQ unreachable (%2$s); %1$d event(s) wait in the outbox",
                        failed.size(), failure);
            }
            brokerDown = true;
            String error = String.valueOf(failure.getMessage() == null ? failure : failure.getMessage());
            outbox.markFailed(failed, error.length() > 500 ? error.substring(0, 500) : error);
            metrics.counter("holdline.outbox.publish.failures").increment();
            if (refused) {
                metrics.counter("holdline.outbox.publish.refused").increment(failed.size());
            }
            return sent.size();
        });
    }

    /** Sent events are kept for {@code holdline.outbox.retention} (to look into), then deleted in batches. */
    @Scheduled(every = "60s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        Instant cutoff = Instant.now().minus(config.retention());
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> outbox.deleteSentBefore(cutoff, 10_000));
        } while (deleted == 10_000);
    }

    public long unsentCount() {
        try {
            return QuarkusTransaction.joiningExisting().call(outbox::countUnsent);
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
