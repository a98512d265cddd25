package dev.holdline.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.platform.rest.ApiException;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Long-polls without a thread each: a poll that finds nothing is parked as a {@link EventHub.Waiter} with a
 * deadline on the {@link TimeoutWheel}, and answered by whichever thread appends the next matching event, by
 * the wheel's tick, by the client going away (then only removed), or by shutdown.
 */
@Singleton
public class PollService {

    /** What a poll answers. {@code cursor} is where the next poll resumes. */
    public record PollResult(List<ObjectNode> events, String cursor, boolean hasMore, boolean timedOut,
            boolean gap) {
    }

    private record MemoKey(List<String> channels, long after, int limit) {
    }

    /**
     * Answers already serialised since the last append (and with the epoch their cursors carry): a thousand polls
     * woken by one event share one. Only answers with something in them are kept, at most {@link #MAX_MEMO_ANSWERS}
     * of them: on a quiet stream polls for ever new names and cursors would otherwise add a key each.
     */
    private record Memo(long appends, String epoch, Map<MemoKey, Buffer> answers) {
    }

    private static final Buffer NOTHING = Buffer.buffer(0);
    private static final long TICK_MILLIS = 100;
    private static final int MAX_OFF_HEAP = 16 * 1024;
    /** Distinct answers shared per append; past it an answer is computed for its poll alone. */
    static final int MAX_MEMO_ANSWERS = 1024;

    private final EventHub hub;
    private final Vertx vertx;
    private final GatewayConfig config;
    private final ObjectMapper mapper;
    private final StreamEpoch epoch;
    private volatile Memo memo = new Memo(-1, null, Map.of());
    /** Parked polls per user with at least one; a user's entry goes with their last parked poll. */
    private final Map<String, Integer> parkedPerUser = new ConcurrentHashMap<>();
    /** Every parked poll, by deadline. */
    private final TimeoutWheel deadlines = new TimeoutWheel(1024, TICK_MILLIS * 1_000_000, System::nanoTime);
    private final Counter answeredWithEvents;
    private final Counter timedOut;
    private final Counter clientGone;

    public PollService(EventHub hub, Vertx vertx, GatewayConfig config, ObjectMapper mapper, StreamEpoch epoch,
            MeterRegistry metrics) {
        this.hub = hub;
        this.epoch = epoch;
        this.vertx = vertx;
        this.config = config;
        this.mapper = mapper;
        // how polls end; a long-poll's duration is mostly its timeout, so these say more than request timers
        this.answeredWithEvents = metrics.counter("holdline.gateway.polls", "outcome", "events");
        this.timedOut = metrics.counter("holdline.gateway.polls", "outcome", "timeout");
        this.clientGone = metrics.counter("holdline.gateway.polls", "outcome", "gone");
        metrics.gauge("holdline.gateway.polls.parked", deadlines, TimeoutWheel::size);
        vertx.setPeriodic(TICK_MILLIS, tick -> deadlines.expireDue());
    }

    /** A poll as its caller holds it: parked, or already answered. */
    public interface PollHandle {
        /** The client went away: forget the poll without answering. True if it was still parked. */
        boolean cancel();
    }

    private static final PollHandle ANSWERED = () -> false;

    /**
     * Events after {@code cursor} (null: from now) on {@code channels}, as the UTF-8 JSON of a
     * {@link PollResult}, given to {@code reply} at once when there are some, else once an event arrives or
     * after {@code timeoutSeconds}, on the calling request's event loop. The buffer may be shared with other
     * polls: write it, never change it. A cursor of another stream epoch ({@code cursorEpoch}) is answered at once
     * with {@code gap} and the cursor of now. Throws 429 (with Retry-After) when the user already has as many
     * parked polls as allowed.
     */
    public PollHandle poll(String user, List<String> channels, Long cursor, String cursorEpoch, int timeoutSeconds,
            int limit, Consumer<Buffer> reply) {
        if (cursor != null && epoch.isForeign(cursorEpoch)) {
            reply.accept(json(new PollResult(List.of(), Cursors.format(hub.head(), epoch.current()), false, false,
                    true)));
            return ANSWERED;
        }
        long after = cursor == null ? hub.head() : cursor;
        MemoKey key = new MemoKey(channels, after, limit);
        Buffer now = answer(key);
        if (now != NOTHING) {
            answeredWithEvents.increment();
            reply.accept(now);
            return ANSWERED;
        }
        return park(user, channels, timeoutSeconds,
                () -> {
                    Buffer answer = answer(key);
                    return answer == NOTHING ? null : answer;
                },
                () -> json(new PollResult(List.of(), Cursors.format(after, epoch.current()), false, true, false)),
                reply);
    }

    /** The serialised answer for a key, or {@link #NOTHING}; computed once per append for all who ask. */
    private Buffer answer(MemoKey key) {
        long appends = hub.appends();
        String stream = epoch.current();
        Memo current = memo;
        if (current.appends() != appends || !java.util.Objects.equals(current.epoch(), stream)) {
            current = new Memo(appends, stream, new ConcurrentHashMap<>());
            memo = current;
        }
        Map<MemoKey, Buffer> answers = current.answers();
        Buffer known = answers.get(key);
        if (known != null) {
            return known;
        }
        if (answers.size() >= MAX_MEMO_ANSWERS) {
            Buffer alone = compute(key, stream);
            return alone == null ? NOTHING : alone;
        }
        Buffer shared = answers.computeIfAbsent(key, k -> compute(k, stream)); // null: nothing, not stored
        return shared == null ? NOTHING : shared;
    }

    /** The serialised answer for a key now, or null when it has no events and no gap. */
    private Buffer compute(MemoKey key, String stream) {
        EventHub.Snapshot s = hub.collect(key.channels(), key.after(), key.limit());
        return s.events().isEmpty() && !s.gap() ? null : shared(result(s, key.after(), stream));
    }

    /** The answers held for sharing now (for tests of its bound). */
    int memoSize() {
        return memo.answers().size();
    }

    private Buffer json(PollResult result) {
        return Buffer.buffer(bytes(result));
    }

    private byte[] bytes(PollResult result) {
        try {
            return mapper.writeValueAsBytes(result);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An answer that many polls share, in native memory: the socket is written from it as it is, where a heap
     * buffer is copied into a native one for every connection it goes to (4% of a fan-out's CPU). A JDK direct
     * buffer, so that its memory is freed by the garbage collector once no pending write refers to it: Vert.x
     * hands out unreleasable views of a buffer, so reference counting could not tell when that is. Large
     * answers (a catch-up of hundreds of events) stay on the heap: they are rarely shared by many, and native
     * memory that only a collection frees is better kept small.
     */
    private Buffer shared(PollResult result) {
        byte[] answer = bytes(result);
        if (answer.length > MAX_OFF_HEAP) {
            return Buffer.buffer(answer);
        }
        ByteBuffer memory = ByteBuffer.allocateDirect(answer.length);
        memory.put(answer).flip();
        @SuppressWarnings("deprecation") // Vert.x 4's way to wrap a Netty buffer; Vert.x 5 moves it to BufferInternal
        Buffer direct = Buffer.buffer(Unpooled.wrappedBuffer(memory));
        return direct;
    }

    /**
     * Parks until {@code check} gives an answer (tried at once, after registering, and on every event on the
     * channels), or answers {@code onTimeout} after the timeout or at shutdown; the answer goes to
     * {@code reply} on the event loop of the caller. No thread waits.
     */
    public <T> PollHandle park(String user, List<String> channels, int timeoutSeconds, Supplier<T> check,
            Supplier<T> onTimeout, Consumer<T> reply) {
        int max = config.poll().maxPerUser();
        boolean[] admitted = {false};
        parkedPerUser.compute(user, (u, parked) -> {
            int now = parked == null ? 0 : parked;
            if (now >= max) {
                return parked;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            throw ApiException.tooMany("at most " + config.poll().maxPerUser() + " polls may wait at once per user",
                    config.poll().busyRetryAfter().toSeconds());
        }
        Parked<T> poll = new Parked<>(reply, channels, user, check, onTimeout, vertx.getOrCreateContext());
        deadlines.add(poll, timeoutSeconds * 1_000_000_000L);
        hub.addWaiter(poll, channels);
        poll.wake(); // an event may have come between the first look and the registration
        return poll;
    }

    /** {@link #park} as a {@link Uni}, for resource methods; {@code onClientGone} gets the cancel action. */
    public <T> Uni<T> parkAsUni(String user, List<String> channels, int timeoutSeconds,
            Consumer<Runnable> onClientGone, Supplier<T> check, Supplier<T> onTimeout) {
        return Uni.createFrom().emitter(emitter -> {
            PollHandle handle = park(user, channels, timeoutSeconds, check, onTimeout, emitter::complete);
            onClientGone.accept(handle::cancel);
            emitter.onTermination(handle::cancel);
        });
    }

    /**
     * A cursor for "now" answered outside a poll (a room's history, {@code GET /api/poll/cursor}): a poll from it
     * brings everything published after it was asked for ({@link EventHub#resumePoint}).
     */
    public String resumeCursor() {
        return Cursors.format(hub.resumePoint(), epoch.current());
    }

    /** Every parked poll, answered as timed out with its current cursor, before the process exits. */
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        for (TimeoutWheel.Entry poll : deadlines.all()) {
            ((Parked<?>) poll).finishWithTimeout();
        }
    }

    public int parkedCount() {
        return deadlines.size();
    }

    /** The polls one user has parked now (on this replica). */
    public int parkedCount(String user) {
        return parkedPerUser.getOrDefault(user, 0);
    }

    /** The users with parked polls now (for tests of the map's bound). */
    int usersParked() {
        return parkedPerUser.size();
    }

    private void unpark(String user) {
        parkedPerUser.computeIfPresent(user, (u, parked) -> parked <= 1 ? null : parked - 1);
    }

    private static PollResult result(EventHub.Snapshot snapshot, long after, String epoch) {
        List<ObjectNode> events = snapshot.events().stream().map(BufferedEvent::json).toList();
        long last = snapshot.events().isEmpty() ? after
                : snapshot.events().get(snapshot.events().size() - 1).offset();
        return new PollResult(events, Cursors.format(last, epoch), snapshot.hasMore(), false, snapshot.gap());
    }

    private final class Parked<T> extends TimeoutWheel.Entry implements EventHub.Waiter, PollHandle {
        private final Consumer<T> reply;
        private final List<String> channels;
        private final String user;
        private final Supplier<T> check;
        private final Supplier<T> onTimeout;
        private final Context context;

        Parked(Consumer<T> reply, List<String> channels, String user, Supplier<T> check,
                Supplier<T> onTimeout, Context context) {
            this.reply = reply;
            this.channels = channels;
            this.user = user;
            this.check = check;
            this.onTimeout = onTimeout;
            this.context = context;
        }

        @Override
        public void wake() {
            if (TimeoutWheel.ended(this)) {
                return;
            }
            T answer = check.get();
            if (answer != null) {
                finish(answer, answeredWithEvents);
            }
        }

        @Override
        public boolean cancel() {
            if (!end()) {
                return false;
            }
            clientGone.increment();
            return true;
        }

        @Override
        void expired() { // on the wheel's tick: the answer is built and written on the poll's own event loop
            if (Vertx.currentContext() == context) {
                finishWithTimeout();
            } else {
                context.runOnContext(v -> finishWithTimeout());
            }
        }

        void finishWithTimeout() {
            if (!TimeoutWheel.ended(this)) {
                finish(onTimeout.get(), timedOut);
            }
        }

        private void finish(T answer, Counter outcome) {
            if (!end()) {
                return;
            }
            outcome.increment();
            if (Vertx.currentContext() == context) {
                reply.accept(answer);
            } else { // answered from the stream's thread: write on the request's own event loop
                context.runOnContext(v -> reply.accept(answer));
            }
        }

        /** Ends the poll once (off the wheel and its channels); false if it had already ended. */
        private boolean end() {
            if (!deadlines.end(this)) {
                return false;
            }
            hub.removeWaiter(this, channels);
            unpark(user);
            return true;
        }
    }
}
