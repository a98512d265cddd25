package dev.holdline.leaderboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.platform.rest.ApiException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DisplayNamesTest {

    private static final int[] BIDI_CONTROLS = { 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068,
            0x2069, 0x200E, 0x200F, 0x061C };
    private static final int[] ZERO_WIDTH = { 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF };

    private static ApiException refused(String name) {
        return assertThrows(ApiException.class, () -> DisplayNames.check("displayName", name), name);
    }

    @Test
    void shouldRefuseEveryBidirectionalControlAndZeroWidthCharacterNamingTheFieldAndTheCodePoint() {
        for (int[] group : new int[][] { BIDI_CONTROLS, ZERO_WIDTH }) {
            for (int c : group) {
                ApiException e = refused("Ann" + Character.toString(c) + "gnp.exe");
                assertEquals(400, e.status());
                assertEquals("invalid_displayName", e.body().error());
                assertTrue(e.getMessage().contains(String.format("U+%04X", c)), e.getMessage());
            }
        }
    }

    @Test
    void shouldRefuseControlsSeparatorsPrivateUseAndLoneSurrogates() {
        for (String name : new String[] { "a\u0000b", "a\nb", "a\u0085b", "a\u2028b", "a\u2029b", "a\uE000b",
                "a\uD800b", "a\u00ADb" }) {
            refused(name);
        }
    }

    @Test
    void shouldBoundTheLengthInCharactersNotUnits() {
        assertEquals("x".repeat(32), DisplayNames.check("n", "x".repeat(32)));
        refused("x".repeat(33));
        String emoji = "\uD83C\uDFAE".repeat(32); // 32 characters, 64 UTF-16 units
        assertEquals(emoji, DisplayNames.check("n", emoji));
        refused("y".repeat(200_000));
        refused("");
        refused("  \t ");
        refused(null);
    }

    @Test
    void shouldTrimAndComposeAndKeepOrdinaryText() {
        assertEquals("Zoë", DisplayNames.check("n", "  Zoe\u0308 ")); // e + combining diaeresis: one ë
        assertEquals("李小龍 the 2nd", DisplayNames.check("n", "李小龍 the 2nd"));
        assertEquals("عمر", DisplayNames.check("n", "عمر")); // right-to-left letters are text, not controls
    }

    @Test
    void shouldTellWhetherANameFromElsewhereIsUsable() {
        assertEquals(Optional.of("Ann"), DisplayNames.ifValid(" Ann "));
        assertFalse(DisplayNames.ifValid("Ann\u202E").isPresent());
        assertFalse(DisplayNames.ifValid(null).isPresent());
    }
}
