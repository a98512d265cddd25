package dev.holdline.upload.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "image_original")
public class ImageOriginal {

    @Id
    @Column(name = "image_id")
    public Long imageId;

    @Column(nullable = false)
    public byte[] bytes;
}
