package dev.holdline.platform.identity;

/** Values of the {@code groups} claim that Holdline gives meaning to. */
public final class Roles {

    /** Operators: stats, notifications to anyone, broadcasts. */
    public static final String ADMIN = "admin";

    /** Holdline's own services calling each other's internal APIs. */
    public static final String SERVICE = "service";

    private Roles() {
    }
}
