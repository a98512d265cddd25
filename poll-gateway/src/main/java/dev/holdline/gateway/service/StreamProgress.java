package dev.holdline.gateway.service;

/** How far this replica has read the stream ({@code messaging/StreamCatchUp}). */
public interface StreamProgress {

    /** Whether it has read everything that was in the stream when it started. */
    boolean caughtUp();
}
