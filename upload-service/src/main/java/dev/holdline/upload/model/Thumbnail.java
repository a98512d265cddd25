package dev.holdline.upload.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

@Entity
public class Thumbnail {

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
