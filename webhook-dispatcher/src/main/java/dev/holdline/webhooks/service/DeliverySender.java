package dev.holdline.webhooks.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.platform.batch.BatchWriter;
import dev.holdline.platform.batch.DatabaseErrors;
import dev.holdline.webhooks.client.WebhookClient;
import dev.holdline.webhooks.config.WebhooksConfig;
import dev.holdline.webhooks.model.CircuitPolicy;
import dev.holdline.webhooks.repository.DeliveryQueue;
import dev.holdline.webhooks.repository.DeliveryQueue.Claimed;
import dev.holdline.webhooks.repository.DeliveryQueue.Finished;
import dev.holdline.webhooks.repository.DeliveryQueue.Lane;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends due deliveries. Two lanes, each a thread that claims due deliveries from PostgreSQL under a lease
 * ({@code FOR UPDATE SKIP LOCKED}, so replicas share the work) and a budget of requests in flight: first attempts
 * and retries, so first attempts never wait behind retries. No subscription has more than
 * {@code webhooks.max-in-flight-per-subscription} requests in flight, and a subscription whose circuit is open is
 * not claimed: a slow or dead endpoint holds its own share only. Requests are non-blocking; their outcomes are
 * written in batches, and no HTTP call runs inside a transaction.
 */
@ApplicationScoped
public class DeliverySender {

    private static final Logger LOG = Logger.getLogger(DeliverySender.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLAIM_BATCH = 256;

    private final DeliveryQueue queue;
    private final Destinations destinations;
    private final WebhookClient client;
    private final WebhooksConfig config;
    private final RetrySchedule schedule;
    private final MeterRegistry meters;
    private final Tracer tracer;
    private final Timer firstAttemptLatency;
    private final String userAgent;
    private final Map<String, AtomicInteger> inFlightBySubscription = new ConcurrentHashMap<>();
    private final Map<Lane, LaneLoop> lanes = new LinkedHashMap<>();
    private BatchWriter<Finished, Void> results;

    public DeliverySender(DeliveryQueue queue, Destinations destinations, WebhookClient client,
            WebhooksConfig config, MeterRegistry meters, Tracer tracer,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.queue = queue;
        this.destinations = destinations;
        this.client = client;
        this.config = config;
        this.meters = meters;
        this.tracer = tracer;
        this.schedule = new RetrySchedule(config.retrySchedule(), config.retryJitter(), config.retryAfterMin(),
                config.retryAfterMax());
        this.firstAttemptLatency = Timer.builder("holdline.webhooks.first.attempt.latency")
                .description("From an event's arrival to its delivery's first attempt")
                .publishPercentiles(0.5, 0.99).register(meters);
        for (String outcome : List.of("succeeded", "gone", "failed", "retrying")) { // at 0 from the start
            meters.counter("holdline.webhooks.attempts", "outcome", outcome);
        }
        this.userAgent = "Holdline-Webhooks/" + version + " (webhook-dispatcher)";
    }

    void start(@Observes StartupEvent event) {
        CircuitPolicy circuits = new CircuitPolicy(config.circuitFailures(), config.circuitOpen(),
                config.circuitMaxOpen());
        results = BatchWriter.<Finished, Void>builder("webhook-results", BatchWriter.Transaction.of(
                batch -> queue.finish(batch, circuits)))
                .capacity(16_384).maxBatch(512)
                .retryWhile(DatabaseErrors::isTransient, Duration.ofMillis(100), Duration.ofSeconds(5))
                .metrics(meters).start();
        lanes.put(Lane.FIRST, new LaneLoop(Lane.FIRST, config.maxInFlightFirst()));
        lanes.put(Lane.RETRY, new LaneLoop(Lane.RETRY, config.maxInFlightRetry()));
        lanes.values().forEach(LaneLoop::start);
    }

    void stop(@Observes ShutdownEvent event) {
        lanes.values().forEach(LaneLoop::stop);
        lanes.values().forEach(LaneLoop::awaitIdle);
        if (results != null) {
            results.close();
        }
    }

    /** New deliveries were stored: look now rather than at the next poll. */
    public void wake() {
        LaneLoop first = lanes.get(Lane.FIRST);
        if (first != null) {
            first.wake();
        }
    }

    private final class LaneLoop implements Runnable {
        private final Lane lane;
        private final int budget;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final Object signal = new Object();
        private volatile boolean woken;
        private volatile boolean running = true;
        private final Thread thread;

        LaneLoop(Lane lane, int budget) {
            this.lane = lane;
            this.budget = budget;
            this.thread = new Thread(this, "webhook-sender-" + lane.name().toLowerCase());
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() {
            running = false;
            wake();
        }

        void awaitIdle() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                pause(50);
            }
        }

        void wake() {
            woken = true;
            synchronized (signal) {
                signal.notifyAll();
            }
        }

        private void pause(long millis) {
            synchronized (signal) {
                if (!woken) {
                    try {
                        signal.wait(millis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        running = false;
                    }
                }
                woken = false;
            }
        }

        @Override
        public void run() {
            long backoff = 100;
            while (running) {
                int free = budget - inFlight.get();
                if (free <= 0) {
                    pause(config.pollInterval().toMillis());
                    continue;
                }
                List<Claimed> claimed;
                try {
                    claimed = queue.claim(lane, Math.min(free, CLAIM_BATCH), perSubscriptionClaim(),
                            saturated(), config.lease());
                    backoff = 100;
                } catch (RuntimeException e) {
                    LOG.warnf("%s lane: cannot claim deliveries (%s); trying again in %d ms", lane, e.getMessage(),
                            backoff);
                    pause(backoff);
                    backoff = Math.min(backoff * 2, 5000);
                    continue;
                }
                for (Claimed delivery : claimed) {
                    inFlight.incrementAndGet();
                    inFlightBySubscription.computeIfAbsent(delivery.subscriptionId(), k -> new AtomicInteger())
                            .incrementAndGet();
                    try {
                        send(delivery, this);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "delivery %d could not be sent", delivery.id());
                        done(delivery.subscriptionId());
                    }
                }
                if (claimed.isEmpty()) {
                    pause(config.pollInterval().toMillis());
                }
            }
        }

        /**
         * A request ended. The lane looks for more only when that frees a useful share: half its budget, or a
         * subscription dropping to the level where a whole claim of its own fits again; so a busy subscription is
         * claimed for in batches, not one row per answer.
         */
        void done(String subscriptionId) {
            int laneLeft = inFlight.decrementAndGet();
            int[] left = {0};
            inFlightBySubscription.computeIfPresent(subscriptionId, (k, n) -> {
                left[0] = n.decrementAndGet();
                return left[0] <= 0 ? null : n;
            });
            if (laneLeft == budget / 2 || left[0] == perSubscriptionClaim() || laneLeft == 0) {
                wake();
            }
        }
    }

    /** Rows claimed for one subscription at once: half its cap, so that a claim never takes it past the cap. */
    private int perSubscriptionClaim() {
        return Math.max(1, config.maxInFlightPerSubscription() / 2);
    }

    /** Subscriptions without room for a whole claim: in flight above the cap less one claim. */
    private List<String> saturated() {
        List<String> full = new ArrayList<>();
        int limit = config.maxInFlightPerSubscription() - perSubscriptionClaim();
        inFlightBySubscription.forEach((id, n) -> {
            if (n.get() > limit) {
                full.add(id);
            }
        });
        return full;
    }

    /**
     * One attempt: the destination checked (its host resolved off the lane thread, so a dead name server holds
     * only its own subscriptions), signed, sent; whatever happens, an outcome is recorded. Each attempt is a CLIENT
     * span {@code webhook <event type>} in the trace the event came in (stored with it), however late the retry.
     */
    private void send(Claimed delivery, LaneLoop lane) {
        Instant started = Instant.now();
        Span span = tracer.spanBuilder("webhook " + delivery.eventType()).setSpanKind(SpanKind.CLIENT)
                .setParent(delivery.trace() == null ? Context.root() : delivery.trace().context())
                .setAttribute("http.request.method", "POST")
                .setAttribute("holdline.webhook.id", delivery.webhookId())
                .setAttribute("holdline.subscription.id", delivery.subscriptionId())
                .setAttribute("holdline.delivery.id", delivery.id())
                .setAttribute("holdline.delivery.attempt", delivery.attempts() + 1L)
                .startSpan();
        if (delivery.attempts() == 0) {
            firstAttemptLatency.record(Duration.between(delivery.createdAt(), started));
        }
        destinations.checkAsync(delivery.url()).thenCompose(destination -> client.post(destination,
                headers(delivery, started), delivery.body()).thenApply(response -> new Sent(response,
                        destination.address().getHostAddress())))
                .whenComplete((sent, error) -> {
                    if (sent != null) {
                        ended(span, sent.response());
                        record(delivery, started, sent.response(), sent.ip(), lane);
                        return;
                    }
                    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    String kind = cause instanceof Destinations.Refused refused ? refused.kind() : "IO";
                    if (!(cause instanceof Destinations.Refused)) {
                        LOG.errorf(cause, "delivery %d: attempt failed inside the dispatcher", delivery.id());
                    }
                    WebhookClient.Response failed = new WebhookClient.Response(null, null, null, kind,
                            String.valueOf(cause.getMessage()), 0);
                    ended(span, failed);
                    record(delivery, started, failed, null, lane);
                });
    }

    /** Ends an attempt's span with what came of it. */
    private static void ended(Span span, WebhookClient.Response response) {
        if (response.status() != null) {
            span.setAttribute("http.response.status_code", (long) response.status());
        }
        if (!response.succeeded()) {
            span.setStatus(StatusCode.ERROR, response.status() != null ? "HTTP " + response.status()
                    : String.valueOf(response.errorKind()));
        }
        span.end();
    }

    private record Sent(WebhookClient.Response response, String ip) {
    }

    private Map<String, String> headers(Claimed delivery, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (delivery.headers() != null) {
            try {
                headers.putAll(JSON.readValue(delivery.headers(), new TypeReference<Map<String, String>>() { }));
            } catch (java.io.IOException e) {
                LOG.warnf("subscription %s: unreadable custom headers ignored", delivery.subscriptionId());
            }
        }
        long timestamp = now.getEpochSecond();
        String signature = WebhookSignature.sign(delivery.secret(), delivery.webhookId(), timestamp, delivery.body());
        if (delivery.previousSecret() != null && delivery.previousSecretUntil() != null
                && delivery.previousSecretUntil().isAfter(now)) {
            signature += " " + WebhookSignature.sign(delivery.previousSecret(), delivery.webhookId(), timestamp,
                    delivery.body());
        }
        headers.put("content-type", "application/json");
        headers.put("user-agent", userAgent);
        headers.put("webhook-id", delivery.webhookId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", signature);
        return headers;
    }

    private void record(Claimed delivery, Instant started, WebhookClient.Response response, String resolvedIp,
            LaneLoop lane) {
        try {
            boolean succeeded = response.succeeded();
            boolean gone = response.status() != null && response.status() == 410;
            Instant next = null;
            if (!succeeded && !gone) {
                Optional<Duration> wait = schedule.next(delivery.attempts() + 1, response.retryAfter());
                next = wait.map(Instant.now()::plus).orElse(null);
            }
            String outcome = succeeded ? "succeeded" : gone ? "gone" : next == null ? "failed" : "retrying";
            meters.counter("holdline.webhooks.attempts", "outcome", outcome).increment();
            results.submit(new Finished(delivery.id(), delivery.subscriptionId(), delivery.lease(), started,
                    response.durationMs(), succeeded, response.status(),
                    succeeded ? null : response.status() != null ? "HTTP_STATUS" : response.errorKind(),
                    text(response.error()), resolvedIp, text(response.body()), next, gone));
        } catch (RuntimeException e) {
            // never leave a delivery without an outcome: its lease would lapse and it would be sent again and again
            LOG.errorf(e, "delivery %d: outcome not recorded; it is sent again when its lease lapses", delivery.id());
        } finally {
            lane.done(delivery.subscriptionId());
        }
    }

    /** What PostgreSQL text can hold: NUL characters (a receiver may answer anything) replaced. */
    private static String text(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }
}
