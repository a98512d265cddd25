package dev.holdline.webhooks.model;

import dev.holdline.events.EventTypes;
import java.util.Map;

/**
 * The type names a receiver sees. {@code HOLDLINE}: Holdline's own ({@code order.placed}). {@code SEED}: the
 * names the seeds' receivers expect, where one exists ({@code order.placed} is {@code PURCHASE_COMPLETED}).
 */
public enum Naming {
    HOLDLINE(Map.of()),
    SEED(Map.of(EventTypes.ORDER_PLACED, "PURCHASE_COMPLETED"));

    private final Map<String, String> renamed;

    Naming(Map<String, String> renamed) {
        this.renamed = renamed;
    }

    /** The type as delivered under this naming. */
    public String typeOf(String holdlineType) {
        return renamed.getOrDefault(holdlineType, holdlineType);
    }

    /** True when some naming delivers {@code holdlineType} under another name. */
    public static boolean renames(String holdlineType) {
        return !SEED.typeOf(holdlineType).equals(holdlineType);
    }
}
