package dev.holdline.platform.messaging;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * {@value RabbitAddresses#KEY} as this process reads it: the configured nodes in an order shuffled once per
 * process. The RabbitMQ connector (thumbnail-worker's and webhook-dispatcher's incoming channels) tries the list
 * in the order it reads, and so does the Java client without automatic recovery, so without this every replica
 * of every service would connect to the first node of the list that answers, all on one node. A config
 * interceptor, so that the connector, which reads the key itself, sees the same order as {@link RabbitConnections}
 * (which shuffles again for each connection it opens).
 */
@Priority(Priorities.APPLICATION)
public class ShuffledAddresses implements ConfigSourceInterceptor {

    private static final long serialVersionUID = 1L;
    private static final Random RANDOM = new Random();

    /** The configured value and its shuffled order, so one process reads one order throughout. */
    private volatile String[] cached;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value == null || value.getValue() == null || !RabbitAddresses.KEY.equals(name)) {
            return value;
        }
        String configured = value.getValue();
        String[] seen = cached;
        if (seen == null || !seen[0].equals(configured)) {
            seen = new String[] { configured, shuffle(configured, RANDOM) };
            cached = seen;
        }
        return value.withValue(seen[1]);
    }

    /** The comma-separated entries of {@code configured} in a random order (blanks around commas dropped). */
    static String shuffle(String configured, Random random) {
        List<String> entries = new ArrayList<>(Arrays.asList(configured.strip().split(" *, *", -1)));
        Collections.shuffle(entries, random);
        return String.join(",", entries);
    }
}
