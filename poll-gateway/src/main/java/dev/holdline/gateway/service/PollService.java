package dev.holdline.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.platform.rest.ApiException;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private record MemoKey(List<String> channels, long after, int limit) {
    }

    /** Answers already serialised since the last append: a thousand polls woken by one event share one. */
    private record Memo(long appends, Map<MemoKey, String> answers) {
    }

    private static final String NOTHING = "";

    private final EventHub hub;
    private final Vertx vertx;
    private final GatewayConfig config;
    private final ObjectMapper mapper;
    private volatile Memo memo = new Memo(-1, Map.of());
    private final Map<String, AtomicInteger> parkedPerUser = new ConcurrentHashMap<>();
    private final Set<Parked<?>> parked = ConcurrentHashMap.newKeySet();

    public PollService(EventHub hub, Vertx vertx, GatewayConfig config, ObjectMapper mapper) {
        this.hub = hub;
        this.vertx = vertx;
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * Events after {@code cursor} (null: from now) on {@code channels}, as the JSON of a {@link PollResult};
     * parks up to {@code timeoutSeconds} when there are none. {@code onClientGone} receives the action to run
     * if the connection closes.
     */
    public Uni<String> poll(String user, List<String> channels, Long cursor, int timeoutSeconds, int limit,
            Consumer<Runnable> onClientGone) {
        long after = cursor == null ? hub.head() : cursor;
        MemoKey key = new MemoKey(channels, after, limit);
        String now = answer(key);
        if (now != NOTHING) {
            return Uni.createFrom().item(now);
        }
        return park(user, channels, timeoutSeconds, onClientGone,
                () -> {
                    String answer = answer(key);
                    return answer == NOTHING ? null : answer;
                },
                () -> json(new PollResult(List.of(), Cursors.format(after), false, true, false)));
    }

    /** The serialised answer for a key, or {@link #NOTHING}; computed once per append for all who ask. */
    private String answer(MemoKey key) {
        long appends = hub.appends();
        Memo current = memo;
        if (current.appends() != appends) {
            current = new Memo(appends, new ConcurrentHashMap<>());
            memo = current;
        }
        return current.answers().computeIfAbsent(key, k -> {
            EventHub.Snapshot s = hub.collect(k.channels(), k.after(), k.limit());
            return s.events().isEmpty() && !s.gap() ? NOTHING : json(result(s, k.after(), false));
        });
    }

    private String json(PollResult result) {
        try {
            return mapper.writeValueAsString(result);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
            Parked<T> poll = new Parked<>(emitter, channels, count, check, onTimeout, vertx.getOrCreateContext());
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
        private final Context context;
        volatile long timer = -1;

        Parked(UniEmitter<? super T> emitter, List<String> channels, AtomicInteger userCount,
                java.util.function.Supplier<T> check, java.util.function.Supplier<T> onTimeout, Context context) {
            this.context = context;
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
                T value = answer.apply(this);
                if (Vertx.currentContext() == context) {
                    emitter.complete(value);
                } else { // answered from the stream's thread: write on the request's own event loop
                    context.runOnContext(v -> emitter.complete(value));
                }
            }
        }
    }
}
