package dev.holdline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChannelsTest {

    @Test
    void shouldAcceptNamesOfLettersDigitsDotsUnderscoresAndDashesUpTo64() {
        assertTrue(Channels.isValidName("a"));
        assertTrue(Channels.isValidName("Room_1.v2-beta"));
        assertTrue(Channels.isValidName("x".repeat(64)));
        assertTrue(Channels.isValid("room:" + "x".repeat(64)));
    }

    @Test
    void shouldRejectEmptyLongAndOtherCharacters() {
        assertFalse(Channels.isValidName(null));
        assertFalse(Channels.isValidName(""));
        assertFalse(Channels.isValidName("x".repeat(65)));
        for (String bad : new String[] { "has space", "a/b", "a:b", "ü", "a\nb", "a*", "résumé", "a%20b" }) {
            assertFalse(Channels.isValidName(bad), bad);
            assertFalse(Channels.isValid("room:" + bad), bad);
        }
    }

    @Test
    void shouldNameTheHoldersOfARole() {
        assertEquals("role:admin", Channels.role("admin"));
        assertTrue(Channels.isValid("role:admin"));
        assertFalse(Channels.isValid("role:"));
        assertFalse(Channels.isValid("roles:admin"));
    }
}
