package dev.holdline.leaderboard.service;

import dev.holdline.platform.rest.ApiException;
import java.math.BigDecimal;
import java.util.Currency;

/**
 * Amounts of money as the API takes them: an ISO 4217 currency, and a decimal checked by its sign, size and scale
 * ({@link BigDecimal#precision()}, {@link BigDecimal#scale()}) before anything formats, strips or stores it, so that
 * {@code 1E-20000000} costs no more than {@code 1}. Errors never echo the amount.
 */
public final class Prices {

    /** Decimal places an amount may have beyond its currency's when they are all zeros ({@code 4.9900}). */
    private static final int TRAILING_ZEROS = 8;

    private Prices() {
    }

    /** The currency named by {@code code} (three capital letters, known to ISO 4217 with a minor unit), or a 400. */
    public static Currency currency(String field, String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            throw ApiException.badRequest(field, "an ISO 4217 code such as EUR or USD is expected");
        }
        Currency currency;
        try {
            currency = Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field, code + " is not an ISO 4217 currency");
        }
        if (currency.getDefaultFractionDigits() < 0) {
            throw ApiException.badRequest(field, code + " is not a currency one can pay in");
        }
        return currency;
    }

    /**
     * {@code value} as an amount of {@code currency} from 0 to {@code max}, with exactly the currency's decimal
     * places ({@code 4.5} EUR is {@code 4.50}); a 400 naming {@code field} if it is missing, negative, too large
     * or finer than the currency's minor unit.
     */
    public static BigDecimal amount(String field, BigDecimal value, Currency currency, BigDecimal max) {
        String expected = "an amount from 0 to " + max.toPlainString() + " " + currency.getCurrencyCode() + " is expected";
        if (value == null) {
            throw ApiException.badRequest(field, expected);
        }
        // digits before the point, from two ints: no comparison or formatting of a huge exponent
        long integerDigits = (long) value.precision() - value.scale();
        if (value.signum() < 0 || (value.signum() > 0 && integerDigits > max.precision() - max.scale())
                || value.compareTo(max) > 0) {
            throw ApiException.badRequest(field, expected);
        }
        int digits = currency.getDefaultFractionDigits();
        if (value.signum() == 0) {
            return BigDecimal.ZERO.setScale(digits);
        }
        if (value.scale() > digits) {
            BigDecimal stripped = value.scale() - digits > TRAILING_ZEROS ? value : value.stripTrailingZeros();
            if (stripped.scale() > digits) {
                throw ApiException.badRequest(field, currency.getCurrencyCode() + " has " + digits
                        + " decimal places at most");
            }
        }
        return value.setScale(digits);
    }
}
