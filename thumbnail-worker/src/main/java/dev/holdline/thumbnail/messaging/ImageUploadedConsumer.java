package dev.holdline.thumbnail.messaging;

import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.platform.messaging.Payloads;
import dev.holdline.platform.messaging.PublisherCheck;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import dev.holdline.events.image.ImageEventData;
import dev.holdline.thumbnail.service.ThumbnailService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Takes {@code image.uploaded} from the quorum queue {@code thumbnail-worker.image-uploaded}, up to
 * {@code thumbnail.concurrency} at a time. Acks once upload-service has stored the outcome; nacks (to the
 * dead-letter queue) a message that is not an image event, or not one of upload-service's ({@link PublisherCheck}),
 * or whose image could not be processed after the retries.
 */
@ApplicationScoped
public class ImageUploadedConsumer {

    public static final String CHANNEL = "image-uploaded";
    private static final Logger LOG = Logger.getLogger(ImageUploadedConsumer.class);

    private final ThumbnailService thumbnails;
    private final PublisherCheck publisherCheck;

    public ImageUploadedConsumer(ThumbnailService thumbnails, PublisherCheck publisherCheck) {
        this.thumbnails = thumbnails;
        this.publisherCheck = publisherCheck;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = false)
    public CompletionStage<Void> consume(Message<?> message) {
        long imageId;
        try {
            CloudEvent event = CloudEvent.fromJson(Payloads.text(message.getPayload()));
            IncomingRabbitMQMetadata delivery = message.getMetadata(IncomingRabbitMQMetadata.class).orElseThrow();
            if (!publisherCheck.believed(delivery.getRoutingKey(), event.type(), delivery.getUserId().orElse(null),
                    event.id(), delivery.getHeaders())) {
                return message.nack(new IllegalArgumentException("refused: not an event of its publisher"));
            }
            if (!EventTypes.IMAGE_UPLOADED.equals(event.type()) || event.data() == null) {
                throw new IllegalArgumentException("expected an " + EventTypes.IMAGE_UPLOADED + " event, got "
                        + event.type());
            }
            imageId = event.dataAs(ImageEventData.class).imageId();
        } catch (RuntimeException e) {
            LOG.errorf("parking an unreadable message in the dead-letter queue: %s", e.getMessage());
            return message.nack(e);
        }
        try {
            ThumbnailService.Outcome outcome = thumbnails.process(imageId);
            LOG.debugf("image %d: %s", imageId, outcome);
            return message.ack();
        } catch (RuntimeException e) {
            LOG.errorf(e, "image %d: giving up after retries; the message goes to the dead-letter queue", imageId);
            return message.nack(e);
        }
    }
}
