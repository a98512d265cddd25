package dev.holdline.upload.service;

import dev.holdline.platform.Digests;
import dev.holdline.events.Channels;
import dev.holdline.events.EventTypes;
import dev.holdline.events.image.ImageEventData;
import dev.holdline.events.image.Thumbnail;
import dev.holdline.outbox.OutboxService;
import dev.holdline.platform.events.EventFactory;
import dev.holdline.platform.rest.ApiException;
import dev.holdline.upload.config.UploadConfig;
import dev.holdline.upload.model.Image;
import dev.holdline.upload.model.ImageOriginal;
import dev.holdline.events.image.ImageStatus;
import dev.holdline.upload.model.StoredThumbnail;
import dev.holdline.upload.model.ThumbnailInfo;
import dev.holdline.upload.repository.ImageOriginalRepository;
import dev.holdline.upload.repository.ImageRepository;
import dev.holdline.upload.repository.ThumbnailRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The image lifecycle: PENDING at upload, PROCESSING when a worker takes it, then COMPLETED or FAILED.
 * Every change commits together with the event that announces it (the outbox), and every change is
 * idempotent: asking twice for the same outcome changes nothing and announces nothing twice.
 */
@ApplicationScoped
public class ImageService {

    private static final Logger LOG = Logger.getLogger(ImageService.class);

    /** A thumbnail as the worker hands it in. */
    public record NewThumbnail(int size, int width, int height, String contentType, byte[] bytes) {
    }

    private final ImageRepository images;
    private final ImageOriginalRepository originals;
    private final ThumbnailRepository thumbnails;
    private final OutboxService outbox;
    private final EventFactory events;
    private final UploadConfig config;

    public ImageService(ImageRepository images, ImageOriginalRepository originals, ThumbnailRepository thumbnails,
            OutboxService outbox, EventFactory events, UploadConfig config) {
        this.images = images;
        this.originals = originals;
        this.thumbnails = thumbnails;
        this.outbox = outbox;
        this.events = events;
        this.config = config;
    }

    @Transactional
    public Image upload(String owner, String title, ImageType type, byte[] bytes) {
        images.lockOwner(owner);
        long used = images.bytesOfOwner(owner);
        if (used + bytes.length > config.quotaBytes()) {
            throw ApiException.quotaExceeded("your images take " + used + " of your " + config.quotaBytes()
                    + " bytes; this one needs " + bytes.length + " more: delete some to upload it");
        }
        Instant now = Instant.now();
        Image image = new Image();
        image.owner = owner;
        image.title = title;
        image.contentType = type.mediaType;
        image.sizeBytes = bytes.length;
        image.status = ImageStatus.PENDING;
        image.attempts = 1;
        image.createdAt = now;
        image.updatedAt = now;
        images.persist(image);
        ImageOriginal original = new ImageOriginal();
        original.imageId = image.id;
        original.bytes = bytes;
        originals.persist(original);
        announce(image, EventTypes.IMAGE_UPLOADED, null);
        return image;
    }

    /**
     * Deletes the image, its original and its thumbnails, if {@code user} may see it, and announces it
     * ({@code image.deleted}, so that the owner's other tabs drop it and a status call waiting on it ends); false
     * if not.
     */
    @Transactional
    public boolean delete(long id, String user, boolean privileged) {
        Optional<Image> image = images.lock(id).filter(i -> privileged || i.owner.equals(user));
        image.ifPresent(i -> {
            thumbnails.delete("imageId", id);
            originals.deleteById(id);
            images.delete(i);
            announce(i, EventTypes.IMAGE_DELETED, ImageStatus.DELETED, null);
        });
        return image.isPresent();
    }

    /** The image if {@code user} may see it: its owner, or a privileged caller. Others get nothing. */
    public Optional<Image> findVisible(long id, String user, boolean privileged) {
        return images.findByIdOptional(id).filter(image -> privileged || image.owner.equals(user));
    }

    public List<Image> pageOfOwner(String owner, int page, int size) {
        return images.pageOfOwner(owner, page, size);
    }

    public long countOfOwner(String owner) {
        return images.countOfOwner(owner);
    }

    public Optional<byte[]> original(long id) {
        return originals.findByIdOptional(id).map(o -> o.bytes);
    }

    /** The thumbnails of each image, without their bytes, in one query. */
    public Map<Long, List<ThumbnailInfo>> thumbnailsOf(Collection<Long> imageIds) {
        if (imageIds.isEmpty()) {
            return Map.of();
        }
        return thumbnails.infoOf(imageIds).stream().collect(Collectors.groupingBy(ThumbnailInfo::imageId));
    }

    public Optional<StoredThumbnail> thumbnail(long imageId, int size) {
        return thumbnails.ofImage(imageId, size);
    }

    /** A worker took the image. PENDING becomes PROCESSING; anything else is left as it is. */
    @Transactional
    public Image markProcessing(long id) {
        Image image = images.lock(id).orElseThrow(() -> ApiException.notFound("image " + id));
        if (image.status == ImageStatus.PENDING) {
            image.status = ImageStatus.PROCESSING;
            image.updatedAt = Instant.now();
            announce(image, EventTypes.IMAGE_PROCESSING, null);
        }
        return image;
    }

    /**
     * Stores the thumbnails and completes the image. A second completion (a redelivered message) changes
     * nothing; completing a FAILED image is a conflict.
     */
    @Transactional
    public Image complete(long id, Integer width, Integer height, List<NewThumbnail> made, String reason) {
        Image image = images.lock(id).orElseThrow(() -> ApiException.notFound("image " + id));
        if (image.status == ImageStatus.COMPLETED) {
            LOG.debugf("image %d already completed; ignoring a repeated completion", id);
            return image;
        }
        if (image.status == ImageStatus.FAILED) {
            throw ApiException.conflict("image " + id + " has already failed: " + image.reason);
        }
        for (NewThumbnail t : made) {
            StoredThumbnail row = new StoredThumbnail();
            row.imageId = id;
            row.size = t.size();
            row.width = t.width();
            row.height = t.height();
            row.contentType = t.contentType();
            row.bytes = t.bytes();
            row.etag = "\"" + Digests.sha256Hex(t.bytes()).substring(0, 32) + "\"";
            thumbnails.persist(row);
        }
        image.width = width;
        image.height = height;
        image.reason = reason;
        image.status = ImageStatus.COMPLETED;
        image.updatedAt = Instant.now();
        announce(image, EventTypes.IMAGE_COMPLETED, thumbnailRefs(image, made));
        return image;
    }

    /** Fails the image with a reason for people. Failing it again changes nothing; a COMPLETED image stays so. */
    @Transactional
    public Image fail(long id, String reason) {
        Image image = images.lock(id).orElseThrow(() -> ApiException.notFound("image " + id));
        if (image.status.isFinal()) {
            return image;
        }
        failLocked(image, reason);
        return image;
    }

    /**
     * Asks again for images left PENDING or PROCESSING too long (a lost message, a crashed worker), and
     * fails those that were asked for too often. Returns how many images it touched.
     */
    @Transactional
    public int sweep(int limit) {
        Instant staleBefore = Instant.now().minus(config.sweeper().staleAfter());
        List<Image> stale = images.unfinishedSince(staleBefore, limit);
        for (Image image : stale) {
            // re-read under lock: another replica's sweeper or a worker may have moved it meanwhile
            images.getEntityManager().refresh(image, LockModeType.PESSIMISTIC_WRITE);
            if (image.status.isFinal() || !image.updatedAt.isBefore(staleBefore)) {
                continue;
            }
            if (image.attempts >= config.sweeper().maxAttempts()) {
                failLocked(image, "processing did not finish after " + image.attempts + " attempts");
            } else {
                image.attempts++;
                image.status = ImageStatus.PENDING;
                image.updatedAt = Instant.now();
                LOG.infof("image %d was unfinished since %s; asking for processing again (attempt %d)", image.id,
                        staleBefore, image.attempts);
                announce(image, EventTypes.IMAGE_UPLOADED, null);
            }
        }
        return stale.size();
    }

    private void failLocked(Image image, String reason) {
        image.status = ImageStatus.FAILED;
        image.reason = reason;
        image.updatedAt = Instant.now();
        announce(image, EventTypes.IMAGE_FAILED, null);
    }

    private void announce(Image image, String type, List<Thumbnail> made) {
        announce(image, type, image.status, made);
    }

    private void announce(Image image, String type, ImageStatus status, List<Thumbnail> made) {
        ImageEventData data = new ImageEventData(image.id, image.owner, status, image.contentType, image.reason,
                made);
        outbox.enqueue(events.create(type, "images/" + image.id,
                List.of(Channels.user(image.owner), Channels.image(image.id)), data));
    }

    private static List<Thumbnail> thumbnailRefs(Image image, List<NewThumbnail> made) {
        return made.stream().map(t -> new Thumbnail(t.size(), t.width(), t.height(), t.contentType(),
                Links.thumbnail(image.id, t.size()))).toList();
    }
}
