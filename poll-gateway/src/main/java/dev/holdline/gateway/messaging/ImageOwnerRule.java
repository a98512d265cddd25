package dev.holdline.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.gateway.service.ImageOwners;
import dev.holdline.platform.messaging.PublisherCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * An image's owner is upload-service's word only: it is learnt ({@link ImageOwners#remember}) from an {@code image.*}
 * event naming {@code imageId} and {@code owner} whose {@code source} is upload-service (what the publisher wrote)
 * and that RabbitMQ let the RabbitMQ user {@code gateway.stream.image-owner-publisher} publish ({@code user_id}).
 * Another publisher's image event cannot open the image, nor can a dead-lettered copy, which keeps its first
 * publisher's {@code user_id} but was put back by whoever declared the dead-lettering queue.
 */
@ApplicationScoped
public class ImageOwnerRule {

    /** The {@code source} of the events an image's owner is learnt from (upload-service's application name). */
    static final String IMAGE_OWNER_SOURCE = "upload-service";

    private final ImageOwners owners;
    private final String publisher;

    @Inject
    public ImageOwnerRule(ImageOwners owners, GatewayConfig config) {
        this(owners, config.stream().imageOwnerPublisher());
    }

    /** {@code publisher}: the RabbitMQ user whose image events are believed. */
    ImageOwnerRule(ImageOwners owners, String publisher) {
        this.owners = owners;
        this.publisher = publisher;
    }

    /** Learns the owner of the image an event of {@code type} (the routing key RabbitMQ checked) names, if it may. */
    void observe(String type, StreamEvent event, AMQP.BasicProperties properties) {
        JsonNode data = event.data();
        String owner = data.path("owner").asText(null);
        if (type.startsWith("image.") && data.has("imageId") && owner != null
                && IMAGE_OWNER_SOURCE.equals(event.source()) && publisher.equals(publisher(properties))) {
            owners.remember(data.get("imageId").asText(), owner);
        }
    }

    /** The RabbitMQ user that published the message, as RabbitMQ checked it; null for a dead-lettered copy. */
    private static String publisher(AMQP.BasicProperties properties) {
        // PublisherCheck.believed already refused such a copy; kept here so an image's owner never comes from one
        return PublisherCheck.deadLettered(properties.getHeaders()) ? null : properties.getUserId();
    }
}
