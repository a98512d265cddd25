package dev.holdline.leaderboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.platform.rest.ApiException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class PricesTest {

    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final BigDecimal MAX = new BigDecimal("10000");

    private static ApiException refused(String amount, Currency currency) {
        return assertThrows(ApiException.class, () -> Prices.amount("prices.X", new BigDecimal(amount), currency, MAX),
                amount);
    }

    @Test
    void shouldGiveAnAmountItsCurrencysDecimalPlaces() {
        assertEquals(new BigDecimal("4.50"), Prices.amount("p", new BigDecimal("4.5"), EUR, MAX));
        assertEquals(new BigDecimal("4.99"), Prices.amount("p", new BigDecimal("4.990000"), EUR, MAX));
        assertEquals(new BigDecimal("150"), Prices.amount("p", new BigDecimal("150.00"), JPY, MAX));
        assertEquals(new BigDecimal("1000.00"), Prices.amount("p", new BigDecimal("1E+3"), EUR, MAX));
        assertEquals(new BigDecimal("10000.00"), Prices.amount("p", MAX, EUR, MAX));
        assertEquals(new BigDecimal("0.00"), Prices.amount("p", new BigDecimal("0E-30"), EUR, MAX));
    }

    @Test
    void shouldRefuseAmountsOutOfRangeOrFinerThanTheCurrencyWithoutEchoingThem() {
        for (String amount : new String[] { "-0.01", "10000.01", "1.001", "1E+2000000000", "1E-20000000",
                "1.0000000001", "-1E-20000000" }) {
            ApiException e = refused(amount, EUR);
            assertEquals("invalid_prices.X", e.body().error());
            assertTrue(e.getMessage().length() < 200, e.getMessage());
        }
        refused("1.5", JPY);
        assertThrows(ApiException.class, () -> Prices.amount("p", null, EUR, MAX));
    }

    @Test
    void shouldCheckHugeExponentsInMicroseconds() {
        // formatting one such number takes 150 MB and seconds; a thousand checks of each take milliseconds
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int i = 0; i < 1_000; i++) {
                refused("1E-150000000", EUR);
                refused("9E+150000000", EUR);
            }
        });
    }

    @Test
    void shouldTakeOnlyIso4217CodesOneCanPayIn() {
        assertEquals(EUR, Prices.currency("currency", "EUR"));
        for (String code : new String[] { "eur", "EURO", "XYZ", "XXX", "", "E1R" }) {
            assertEquals("invalid_currency", assertThrows(ApiException.class,
                    () -> Prices.currency("currency", code)).body().error(), code);
        }
        assertThrows(ApiException.class, () -> Prices.currency("currency", null));
    }
}
