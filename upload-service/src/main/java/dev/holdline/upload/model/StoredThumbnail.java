package dev.holdline.upload.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A thumbnail with its bytes, as stored; {@link dev.holdline.events.image.Thumbnail} is how it is shown. */
@Entity
@Table(name = "thumbnail")
public class StoredThumbnail {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "image_id", nullable = false)
    public Long imageId;

    /** The size class asked for: the longest side, in pixels, before "never upscale" applied. */
    @Column(nullable = false)
    public int size;

    @Column(nullable = false)
    public int width;

    @Column(nullable = false)
    public int height;

    @Column(name = "content_type", nullable = false)
    public String contentType;

    @Column(nullable = false)
    public String etag;

    @Column(nullable = false)
    public byte[] bytes;
}
