package dev.holdline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    private static final String ULID = "[0-7][0-9A-HJKMNP-TV-Z]{25}";

    @Test
    void shouldDeriveTheSameValidIdFromTheSameParts() {
        String id = EventIds.derivedId("alice", "room:lobby", "k-1");
        assertEquals(id, EventIds.derivedId("alice", "room:lobby", "k-1"));
        assertTrue(id.matches(ULID), id);
    }

    @Test
    void shouldDeriveAnotherIdPerUserRoomAndKey() {
        String id = EventIds.derivedId("alice", "room:lobby", "k-1");
        assertNotEquals(id, EventIds.derivedId("bob", "room:lobby", "k-1"));
        assertNotEquals(id, EventIds.derivedId("alice", "room:other", "k-1"));
        assertNotEquals(id, EventIds.derivedId("alice", "room:lobby", "k-2"));
        assertNotEquals(EventIds.derivedId("ab", "c"), EventIds.derivedId("a", "bc"), "parts do not run together");
    }

    @Test
    void shouldSpreadDerivedIdsOverTheWholeFormat() {
        Set<String> ids = new HashSet<>();
        Set<Character> firsts = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String id = EventIds.derivedId("u", "room:r", "key-" + i);
            assertTrue(id.matches(ULID), id);
            ids.add(id);
            firsts.add(id.charAt(0));
        }
        assertEquals(2000, ids.size());
        assertEquals(8, firsts.size());
    }
}
