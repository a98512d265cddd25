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
        String emoji = "A" + "\uD83C\uDFAE".repeat(31); // 32 characters, 63 UTF-16 units
        assertEquals(emoji, DisplayNames.check("n", emoji));
        refused(emoji + "\uD83C\uDFAE");
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

    /** Issue 24: invisible code points that are not format characters, each refused with its code point named. */
    @Test
    void shouldRefuseInvisibleDefaultIgnorableCodePointsAndHangulFillersAndTheBrailleBlank() {
        int[] invisible = { 0x034F, 0xFE00, 0xFE0F, 0xE0100, 0xE01EF, 0x180B, 0x180C, 0x180D, 0x180E, 0x180F,
                0x17B4, 0x17B5, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800 };
        for (int c : invisible) {
            ApiException e = refused("Ann" + Character.toString(c) + "x");
            assertEquals("invalid_displayName", e.body().error());
            assertTrue(e.getMessage().contains(String.format("U+%04X", c)), e.getMessage());
            refused(Character.toString(c)); // alone, too
        }
        for (int c = 0xFE00; c <= 0xFE0F; c++) {
            refused("Ann" + Character.toString(c));
        }
        for (int c = 0xE0100; c <= 0xE01EF; c++) {
            refused("Ann" + Character.toString(c));
        }
    }

    /** Issue 24: names made only of no-break spaces, which {@link String#strip} keeps. */
    @Test
    void shouldRefuseNamesMadeOnlyOfNoBreakSpacesAndTrimThemAroundAName() {
        for (String blank : new String[] { "\u00A0", "\u2007", "\u202F", "\u00A0\u2007\u202F",
                "\u00A0".repeat(32) }) {
            ApiException e = refused(blank);
            assertEquals("invalid_displayName", e.body().error());
        }
        assertEquals("Ann", DisplayNames.check("n", "\u00A0\u2007Ann\u202F "));
        assertEquals("Ann\u00A0Lee", DisplayNames.check("n", "Ann\u00A0Lee"));
    }

    @Test
    void shouldRequireALetterOrDigit() {
        refused("...");
        refused("\u0301"); // a combining mark alone
        assertEquals("7", DisplayNames.check("n", "7"));
        assertEquals("\uD83C\uDFAE Ann", DisplayNames.check("n", "\uD83C\uDFAE Ann"));
    }

    /** Issue 24: 31 combining marks stacked on one letter; two are text (Vietnamese, Thai). */
    @Test
    void shouldRefuseMoreThanTwoCombiningMarksOnACharacter() {
        ApiException e = refused("Z" + "\u0336".repeat(31));
        assertTrue(e.getMessage().contains("combining marks"), e.getMessage());
        refused("Z\u0336\u0336\u0336");
        assertEquals("Z\u0336\u0336", DisplayNames.check("n", "Z\u0336\u0336"));
        assertEquals("Nguy\u1EC5n", DisplayNames.check("n", "Nguye\u0302\u0303n")); // composed by NFC
        assertEquals("\u0E19\u0E49\u0E33", DisplayNames.check("n", "\u0E19\u0E49\u0E33"));
    }
}
