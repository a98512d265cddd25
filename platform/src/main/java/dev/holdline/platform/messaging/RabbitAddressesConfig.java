package dev.holdline.platform.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithParentName;
import java.util.Optional;

/**
 * {@value RabbitAddresses#KEY} ({@code RABBITMQ_ADDRESSES}): the RabbitMQ cluster's nodes, {@code host:port,...};
 * unset (the default) the service connects to {@code rabbitmq-host}:{@code rabbitmq-port}, as ever. A mapping, so
 * that every service checks it when it starts, also one that only uses the RabbitMQ connector (which reads the
 * same key): a bad entry stops the start with an error naming the key ({@link RabbitAddresses#parse}).
 */
@ConfigMapping(prefix = RabbitAddresses.KEY)
public interface RabbitAddressesConfig {

    @WithParentName
    @WithConverter(Converter.class)
    Optional<RabbitAddresses> value();

    /** {@link RabbitAddresses#parse}, whose error message the start-up failure shows. */
    class Converter implements org.eclipse.microprofile.config.spi.Converter<RabbitAddresses> {
        @Override
        public RabbitAddresses convert(String value) {
            return RabbitAddresses.parse(value);
        }
    }
}
