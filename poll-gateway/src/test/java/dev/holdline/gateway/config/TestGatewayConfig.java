package dev.holdline.gateway.config;

import java.time.Duration;

/** {@link GatewayConfig} for unit tests: the defaults of {@code GatewayConfig}, each field changeable. */
public final class TestGatewayConfig implements GatewayConfig {

    public int maxEvents = 100;
    public Duration ttl = Duration.ofMinutes(30);
    public long maxBytes = 64L * 1024 * 1024;
    public int maxEphemeralEvents = 20;
    public int maxRoomsPerUser = 100;
    public int defaultTimeout = 30;
    public int maxTimeout = 60;
    public int maxChannels = 32;
    public int defaultLimit = 100;
    public int maxPerUser = 8;
    public boolean presenceEnabled = true;
    public Duration grace = Duration.ofSeconds(20);

    @Override
    public Body body() {
        return new Body() {
            @Override
            public int pollBytes() {
                return 16384;
            }

            @Override
            public int messageBytes() {
                return 16384;
            }

            @Override
            public int notificationBytes() {
                return 16384;
            }

            @Override
            public int otherBytes() {
                return 4096;
            }
        };
    }

    @Override
    public Buffer buffer() {
        return new Buffer() {
            @Override
            public int maxEvents() {
                return maxEvents;
            }

            @Override
            public Duration ttl() {
                return ttl;
            }

            @Override
            public long maxBytes() {
                return maxBytes;
            }

            @Override
            public int maxEphemeralEvents() {
                return maxEphemeralEvents;
            }
        };
    }

    @Override
    public Poll poll() {
        return new Poll() {
            @Override
            public int defaultTimeout() {
                return defaultTimeout;
            }

            @Override
            public int maxTimeout() {
                return maxTimeout;
            }

            @Override
            public int maxChannels() {
                return maxChannels;
            }

            @Override
            public int defaultLimit() {
                return defaultLimit;
            }

            @Override
            public int maxPerUser() {
                return maxPerUser;
            }

            @Override
            public Duration busyRetryAfter() {
                return Duration.ofSeconds(2);
            }
        };
    }

    @Override
    public Stream stream() {
        return new Stream() {
            @Override
            public String imageOwnerPublisher() {
                return "upload-service";
            }

            @Override
            public String maxAge() {
                return "24h";
            }

            @Override
            public long maxBytes() {
                return 2_000_000_000L;
            }

            @Override
            public long segmentBytes() {
                return 100_000_000L;
            }

            @Override
            public int replicas() {
                return 3;
            }

            @Override
            public String replay() {
                return "30m";
            }

            @Override
            public Duration epochEvery() {
                return Duration.ofMinutes(10);
            }
        };
    }

    @Override
    public Presence presence() {
        return new Presence() {
            @Override
            public boolean enabled() {
                return presenceEnabled;
            }

            @Override
            public int maxRoomsPerUser() {
                return maxRoomsPerUser;
            }

            @Override
            public Duration grace() {
                return grace;
            }
        };
    }

    @Override
    public Limits limits() {
        return new Limits() {
            @Override
            public int messagesPerMinute() {
                return 60;
            }

            @Override
            public int messagesBurst() {
                return 20;
            }

            @Override
            public int typingPerMinute() {
                return 60;
            }

            @Override
            public int typingBurst() {
                return 10;
            }

            @Override
            public int readsPerMinute() {
                return 120;
            }

            @Override
            public int readsBurst() {
                return 30;
            }

            @Override
            public int maxUsers() {
                return 100_000;
            }
        };
    }
}
