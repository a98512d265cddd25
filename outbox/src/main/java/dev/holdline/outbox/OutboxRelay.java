package dev.holdline.outbox;

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
import java.util.List;
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

    /** Publishes one batch in one transaction; returns how many events were confirmed, 0 if none or failed. */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<OutboxRepository.Pending> batch = outbox.lockUnsent(config.batchSize());
            if (batch.isEmpty()) {
                return 0;
            }
            List<String> ids = batch.stream().map(OutboxRepository.Pending::id).toList();
            try {
                publisher.publishAll(batch.stream()
                        .map(event -> EventMessage.of(event.id(), event.type(), event.createdAt(), event.payload()))
                        .toList());
            } catch (Exception e) {
                if (!brokerDown) {
                    LOG.warnf("RabbitMQ unreachable (%s); %d event(s) wait in the outbox", e, batch.size());
                }
                brokerDown = true;
                String error = String.valueOf(e.getMessage() == null ? e : e.getMessage());
                outbox.markFailed(ids, error.length() > 500 ? error.substring(0, 500) : error);
                metrics.counter("holdline.outbox.publish.failures").increment();
                return 0;
            }
            if (brokerDown) {
                LOG.info("RabbitMQ reachable again; publishing the outbox");
                brokerDown = false;
            }
            outbox.markSent(ids, Instant.now());
            metrics.counter("holdline.outbox.published").increment(batch.size());
            return batch.size();
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
