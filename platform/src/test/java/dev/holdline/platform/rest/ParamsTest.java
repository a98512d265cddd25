package dev.holdline.platform.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParamsTest {

    @Test
    void shouldRefuseAPageWhoseOffsetWouldOverflowNamingPage() {
        ApiException refused = assertThrows(ApiException.class, () -> Params.page("2147483647", "100", 20, 100));
        assertEquals(400, refused.status());
        assertEquals("invalid_page", refused.body().error());
    }

    @Test
    void shouldKeepTheLastPageThatFitsAnInt() {
        Params.PageRequest last = Params.page(Integer.toString(Integer.MAX_VALUE / 100 - 1), "100", 20, 100);
        assertTrue(last.offset() > 0);
        assertTrue((long) last.offset() + last.size() <= Integer.MAX_VALUE);
        assertEquals(new Params.PageRequest(0, 20), Params.page(null, null, 20, 100));
    }

    @Test
    void shouldNotEchoALongValue() {
        ApiException refused = assertThrows(ApiException.class,
                () -> Params.intParam("limit", "9".repeat(5000), 1, 1, 10));
        assertTrue(refused.body().detail().length() < 200, refused.body().detail());
    }
}
