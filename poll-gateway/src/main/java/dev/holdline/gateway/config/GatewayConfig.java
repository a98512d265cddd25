package dev.holdline.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Buffer buffer();

    Poll poll();

    Stream stream();

    Presence presence();

    Limits limits();

    Body body();

    /**
     * The most bytes of a request body, per endpoint; a declared length over it is a 413 before the body is read
     * (all below {@code quarkus.http.limits.max-body-size}, which cuts a body of no declared length).
     */
    interface Body {
        /** {@code POST /api/poll}: up to 32 channels and their cursors. */
        @WithDefault("16384")
        int pollBytes();

        /** {@code POST /api/rooms/{room}/messages}: 2000 characters, escaped. */
        @WithDefault("16384")
        int messageBytes();

        /** {@code POST /api/notifications}: a 200-character title and a 2000-character body, escaped. */
        @WithDefault("16384")
        int notificationBytes();

        /** Every other POST (typing, read receipts, disconnect, dev login): a few fields. */
        @WithDefault("4096")
        int otherBytes();
    }

    /** Per-user allowances (a burst, then a rate per minute); past them 429 with Retry-After. */
    interface Limits {
        @WithDefault("60")
        int messagesPerMinute();

        @WithDefault("20")
        int messagesBurst();

        @WithDefault("60")
        int typingPerMinute();

        @WithDefault("10")
        int typingBurst();

        @WithDefault("120")
        int readsPerMinute();

        @WithDefault("30")
        int readsBurst();

        /** Users whose allowance is remembered at once (least recently seen forgotten first). */
        @WithDefault("100000")
        int maxUsers();
    }

    interface Presence {
        /** Whether polling users are announced online/offline to their rooms. */
        @WithDefault("true")
        boolean enabled();

        /** A user stays online this long after their last poll ended (the gap between two polls of a loop). */
        @WithDefault("20s")
        Duration grace();

        /**
         * Rooms one user is announced in while online: a user who polls ever new rooms is not announced in
         * more (their polls still work), so what is kept per user has a bound they cannot push.
         */
        @WithDefault("100")
        int maxRoomsPerUser();
    }

    interface Stream {
        /**
         * The RabbitMQ user upload-service publishes as: an image event teaches this gateway the image's owner
         * only when RabbitMQ vouches ({@code user_id}) that this user published it, besides its {@code source}.
         */
        @WithDefault("upload-service")
        String imageOwnerPublisher();

        /** How long RabbitMQ keeps the stream (x-max-age): the longest outage a restart can replay. */
        @WithDefault("24h")
        String maxAge();

        /**
         * Bound on the stream's size on disk (x-max-length-bytes), whatever the age: a flood of events cannot
         * fill the broker's disk (the Kubernetes volume is 5 GiB). Retention drops whole segments of
         * {@link #segmentBytes()}; a cursor older than what is left is a {@code gap}.
         */
        @WithDefault("2000000000")
        long maxBytes();

        /** Segment size of the stream (x-stream-max-segment-size-bytes): how finely the bound above cuts. */
        @WithDefault("100000000")
        long segmentBytes();

        /**
         * Nodes the stream is replicated on (x-initial-cluster-size, its leader placed {@code balanced}:
         * {@code Replication.stream}): 3, capped by RabbitMQ to the nodes there are. A stream that exists with
         * other replicas is kept as it is (its replicas change with {@code rabbitmq-streams add_replica}).
         */
        @WithDefault("3")
        int replicas();

        /** How far back a starting replica replays (x-stream-offset); at least {@code buffer.ttl}. */
        @WithDefault("30m")
        String replay();

        /**
         * How often each replica writes the stream's epoch into it again (a marker), so that a replica starting
         * later finds it within what it replays: keep it well below {@code replay}.
         */
        @WithDefault("10m")
        Duration epochEvery();
    }

    interface Buffer {
        /** Events kept per channel; the oldest is dropped past this. */
        @WithDefault("100")
        int maxEvents();

        /** Events older than this are dropped; {@code stream.replay} should be at least this long. */
        @WithDefault("30m")
        Duration ttl();

        /** Bound on all buffered event bytes; idle channels are evicted first past it. */
        @WithDefault("67108864")
        long maxBytes();

        /**
         * Typing indicators and read receipts kept per channel, apart from the events above: however many a
         * room sees, they never push its messages out, and dropping them is no gap.
         */
        @WithDefault("20")
        int maxEphemeralEvents();
    }

    interface Poll {
        @WithDefault("30")
        int defaultTimeout();

        @WithDefault("60")
        int maxTimeout();

        @WithDefault("32")
        int maxChannels();

        @WithDefault("100")
        int defaultLimit();

        /** Parked polls one user may hold at once; past it, 429. */
        @WithDefault("8")
        int maxPerUser();

        /** The Retry-After of that 429: by then one of the user's polls has usually been answered. */
        @WithDefault("2s")
        Duration busyRetryAfter();
    }
}
