package dev.holdline.platform.messaging;

import com.rabbitmq.client.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The RabbitMQ nodes a service may connect to, from {@value #KEY} ({@code RABBITMQ_ADDRESSES}): a comma-separated
 * list {@code host:port,host:port,...}. When it is set it replaces {@code rabbitmq-host} and {@code rabbitmq-port}
 * for every RabbitMQ connection of the service: the Java client's ({@link RabbitConnections}) and the RabbitMQ
 * connector's, which reads the same key as its {@code addresses} attribute. Each connection attempt tries the
 * nodes in a new random order and takes the first that answers, so a node that is down costs one refused
 * connection, and a connection lost with its node is opened again on another.
 *
 * <p>Parsed here, at start, so that a bad entry stops the service with a message naming the key, rather than
 * failing somewhere inside a client later: every entry must be {@code host:port} (an IPv6 address in brackets,
 * {@code [::1]:5672}), the port within 1..65535.
 */
public record RabbitAddresses(List<Address> addresses) {

    /** The configuration key (environment: {@code RABBITMQ_ADDRESSES}). */
    public static final String KEY = "rabbitmq-addresses";

    private static final Pattern ENTRY = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):([0-9]{1,5})");

    public RabbitAddresses {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException(KEY + " lists no address");
        }
    }

    /**
     * The addresses of {@code text}, as the RabbitMQ Java client parses them (so the connector, which parses the
     * same text itself, connects to exactly these); a clear error naming {@value #KEY} for anything else.
     */
    public static RabbitAddresses parse(CharSequence text) {
        String value = text == null ? "" : text.toString().strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(KEY + " is empty: list the RabbitMQ nodes as host:port,host:port,..."
                    + " or leave it unset to use rabbitmq-host and rabbitmq-port");
        }
        List<Address> parsed = new ArrayList<>();
        for (String entry : value.split(" *, *", -1)) {
            Matcher m = ENTRY.matcher(entry);
            if (!m.matches()) {
                throw new IllegalArgumentException(KEY + ": '" + shown(entry) + "' in '" + shown(value)
                        + "' is not host:port (expected host:port,host:port,..., e.g."
                        + " rabbitmq-0.rabbitmq-nodes:5672,rabbitmq-1.rabbitmq-nodes:5672)");
            }
            int port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(KEY + ": '" + shown(entry) + "' has port " + port
                        + ", not within 1..65535");
            }
            parsed.add(Address.parseAddress(entry));
        }
        return new RabbitAddresses(parsed);
    }

    /** As configured: {@code host:port,host:port}. */
    @Override
    public String toString() {
        return addresses.stream().map(RabbitAddresses::format).collect(Collectors.joining(","));
    }

    static String format(Address address) {
        String host = address.getHost();
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** A configured value as an error may show it: cut short, without control characters. */
    private static String shown(String value) {
        String cut = value.length() > 200 ? value.substring(0, 200) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
