package dev.holdline.system;

import dev.holdline.testing.LoopbackHttpServer;
import dev.holdline.testing.LoopbackHttpServer.Response;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link HoldlineSystem} for the ITs that can share it (EndToEndIT, JsClientIT, WebAppIT), instead of five JVMs
 * started for each: a {@link Running} parameter of a test class's {@code @BeforeAll} (with
 * {@code @ExtendWith(SharedSystem.class)}). The first class that asks starts it; it lives in JUnit's root store and
 * is closed once when the run ends, failed or not (the services stopped, the run's databases and broker names
 * removed, the webhook receiver closed), or when the test JVM exits before that (a shutdown hook, as
 * {@link RabbitCluster}'s).
 *
 * <p>Its settings are the union of what those ITs need, none of which undoes another's: webhook-dispatcher sends
 * {@code order.*} and {@code image.completed} to an analytics receiver configured as an operator would, under the
 * seeds' names (EndToEndIT); the gateway lets one user hold 50 polls (JsClientIT: its Node test files run at once
 * as the same users); presence stays on (WebAppIT's chat shows who is online). What one IT does is seen by the
 * others (the receiver gets every order and finished image): each finds its own by the ids and names of its run.
 * TracingIT (tracing on every service), ClusterSoakIT (a cluster) and CrashRecoveryIT (killed services) start their
 * own.
 */
final class SharedSystem implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedSystem.class);
    /** The analytics receiver's signing secret (holdline.webhooks.analytics.secret). */
    static final String ANALYTICS_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Running.class;
    }

    @Override
    public Running resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // the root store: one for the whole run, closed (AutoCloseable) when the engine has run every class
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Running.class, key -> Running.start(),
                Running.class);
    }

    /** The started system and the analytics receiver of its webhook-dispatcher. */
    static final class Running implements AutoCloseable {

        private final LoopbackHttpServer analytics;
        private final HoldlineSystem system;
        private final Thread stopAtExit = new Thread(this::stopAtExit, "shared-system-down");
        private boolean closed;

        private Running(LoopbackHttpServer analytics, HoldlineSystem system) {
            this.analytics = analytics;
            this.system = system;
            Runtime.getRuntime().addShutdownHook(stopAtExit);
        }

        private static Running start() {
            LoopbackHttpServer analytics = null;
            try {
                analytics = LoopbackHttpServer.start().route("POST", "/analytics", r -> Response.json(200, Map.of()));
                return new Running(analytics, HoldlineSystem.start("shared", Map.of(
                        "webhook-dispatcher", Map.of(
                                "holdline.webhooks.analytics.url", analytics.url() + "/analytics",
                                "holdline.webhooks.analytics.event-types", "order.*,image.completed",
                                "holdline.webhooks.analytics.naming", "SEED",
                                "holdline.webhooks.analytics.secret", ANALYTICS_SECRET),
                        "poll-gateway", Map.of("gateway.poll.max-per-user", "50")), 1));
            } catch (Exception e) {
                // HoldlineSystem.start stopped whatever it had started
                if (analytics != null) {
                    analytics.close();
                }
                throw new IllegalStateException("the shared system did not start", e);
            }
        }

        HoldlineSystem system() {
            return system;
        }

        /** The receiver subscribed as {@code holdline.webhooks.analytics}: every order and finished image. */
        LoopbackHttpServer analytics() {
            return analytics;
        }

        @Override
        public void close() throws Exception {
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException exiting) {
                // the hook runs already
            }
            down();
        }

        private synchronized void down() throws InterruptedException {
            if (closed) {
                return;
            }
            closed = true;
            try (LoopbackHttpServer receiver = analytics; HoldlineSystem started = system) {
                // both closed, the services first
            }
        }

        private void stopAtExit() {
            try {
                down();
            } catch (Exception e) {
                System.err.println("could not stop the shared system: " + e);
            }
        }
    }
}
