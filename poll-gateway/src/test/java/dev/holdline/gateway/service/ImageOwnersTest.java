package dev.holdline.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ImageOwnersTest {

    @Test
    void shouldForgetTheLeastRecentlyUsedPastItsBound() {
        ImageOwners owners = new ImageOwners(2);
        owners.remember("1", "alice");
        owners.remember("2", "bob");
        assertEquals("alice", owners.owner("1")); // 1 used last: 2 is the eldest now

        owners.remember("3", "carol");

        assertEquals(2, owners.size());
        assertNull(owners.owner("2"));
        assertEquals("alice", owners.owner("1"));
        assertEquals("carol", owners.owner("3"));
    }
}
