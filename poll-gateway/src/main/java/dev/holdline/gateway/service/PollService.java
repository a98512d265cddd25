package dev.holdline.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.platform.rest.ApiException;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Long-polls without a thread each: a poll that finds nothing is parked as a {@link EventHub.Waiter} with a
 * Vert.x timer, and answered by whichever thread appends the next matching event, by its timer, by the
 * client going away (then only removed), or by shutdown.
 */
@ApplicationScoped
public class PollService {

    /** What a poll answers. {@code cursor} is where the next poll resumes. */
    public record PollResult(List<ObjectNode> events, String cursor, boolean hasMore, boolean timedOut,
            boolean gap) {
    }

    private final EventHub hub;
    private final Vertx vertx;
    private final GatewayConfig config;
    private final Map<String, AtomicInteger> parkedPerUser = new ConcurrentHashMap<>();
    private final Set<Parked<?>> parked = ConcurrentHashMap.newKeySet();

    public PollService(EventHub hub, Vertx vertx, GatewayConfig config) {
        this.hub = hub;
        this.vertx = vertx;
        this.config = config;
    }

    /**
     * Events after {@code cursor} (null: from now) on {@code channels}; parks up to {@code timeoutSeconds}
     * when there are none. {@code onClientGone} receives the action to run if the connection closes.
     */
    public Uni<PollResult> poll(String user, List<String> channels, Long cursor, int timeoutSeconds, int limit,
            Consumer<Runnable> onClientGone) {
        long after = cursor == null ? hub.head() : cursor;
        EventHub.Snapshot now = hub.collect(channels, after, limit);
        if (!now.events().isEmpty() || now.gap()) {
            return Uni.createFrom().item(result(now, after, false));
        }
        return park(user, channels, timeoutSeconds, onClientGone,
                () -> {
                    EventHub.Snapshot s = hub.collect(channels, after, limit);
                    return s.events().isEmpty() && !s.gap() ? null : result(s, after, false);
                },
                () -> new PollResult(List.of(), Cursors.format(after), false, true, false));
    }

    /**
     * Parks until {@code check} gives an answer (tried at once, after registering, and on every event on the
     * channels), or answers {@code onTimeout} after the timeout or at shutdown.
     */
    public <T> Uni<T> park(String user, List<String> channels, int timeoutSeconds,
            Consumer<Runnable> onClientGone, java.util.function.Supplier<T> check,
            java.util.function.Supplier<T> onTimeout) {
        AtomicInteger count = parkedPerUser.computeIfAbsent(user, u -> new AtomicInteger());
        if (count.incrementAndGet() > config.poll().maxPerUser()) {
            count.decrementAndGet();
            return Uni.createFrom().failure(ApiException.tooMany("at most " + config.poll().maxPerUser()
                    + " polls may wait at once per user"));
        }
        return Uni.createFrom().emitter(emitter -> {
            Parked<T> poll = new Parked<>(emitter, channels, count, check, onTimeout);
            parked.add(poll);
            hub.park(poll, channels);
            poll.timer = vertx.setTimer(timeoutSeconds * 1000L, t -> poll.finish(p -> onTimeout.get()));
            onClientGone.accept(() -> poll.finish(null));
            emitter.onTermination(() -> poll.finish(null));
            poll.wake(); // an event may have come between the first look and the registration
        });
    }

    /** Every parked poll, answered as timed out with its current cursor, before the process exits. */
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        for (Parked<?> poll : parked) {
            poll.finishWithTimeout();
        }
    }

    public int parkedCount() {
        return parked.size();
    }

    private static PollResult result(EventHub.Snapshot snapshot, long after, boolean timedOut) {
        List<ObjectNode> events = snapshot.events().stream().map(BufferedEvent::json).toList();
        long last = snapshot.events().isEmpty() ? after
                : snapshot.events().get(snapshot.events().size() - 1).offset();
        return new PollResult(events, Cursors.format(last), snapshot.hasMore(), timedOut, snapshot.gap());
    }

    private final class Parked<T> implements EventHub.Waiter {
        private final UniEmitter<? super T> emitter;
        private final List<String> channels;
        private final AtomicInteger userCount;
        private final java.util.function.Supplier<T> check;
        private final java.util.function.Supplier<T> onTimeout;
        private final AtomicBoolean done = new AtomicBoolean();
        volatile long timer = -1;

        Parked(UniEmitter<? super T> emitter, List<String> channels, AtomicInteger userCount,
                java.util.function.Supplier<T> check, java.util.function.Supplier<T> onTimeout) {
            this.emitter = emitter;
            this.channels = channels;
            this.userCount = userCount;
            this.check = check;
            this.onTimeout = onTimeout;
        }

        @Override
        public void wake() {
            if (done.get()) {
                return;
            }
            T answer = check.get();
            if (answer != null) {
                finish(p -> answer);
            }
        }

        void finishWithTimeout() {
            finish(p -> onTimeout.get());
        }

        /** Ends the poll once: answers with {@code answer} (null: the client is gone, answer nothing). */
        void finish(Function<Parked<T>, T> answer) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            hub.unpark(this, channels);
            parked.remove(this);
            userCount.decrementAndGet();
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            if (answer != null) {
                emitter.complete(answer.apply(this));
            }
        }
    }
}
