package dev.holdline.upload.service;

/** Paths of an image's resources, relative to the one origin the browser sees. */
public final class Links {

    public static String image(long id) {
        return "/api/images/" + id;
    }

    public static String original(long id) {
        return image(id) + "/original";
    }

    public static String thumbnail(long id, int size) {
        return image(id) + "/thumbnails/" + size;
    }

    /** poll-gateway's blocking status call. */
    public static String status(long id) {
        return image(id) + "/status?wait=30";
    }

    private Links() {
    }
}
