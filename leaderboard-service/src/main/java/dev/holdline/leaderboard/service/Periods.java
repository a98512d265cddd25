package dev.holdline.leaderboard.service;

import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.model.ResetPeriod;
import dev.holdline.platform.rest.ApiException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;

/** Names of board periods: {@code all} on a board that never resets, else the period's first day (UTC). */
public final class Periods {

    public static final String ALL_TIME = "all";

    /** The period {@code now} falls in. */
    public static String current(Board board, Instant now) {
        return of(board.resetPeriod, LocalDate.ofInstant(now, ZoneOffset.UTC));
    }

    /**
     * The period a client asked for with {@code ?period=}: absent is the current one; any day of a period
     * names it (a weekly board's period is named by its Monday).
     */
    public static String requested(Board board, String period, Instant now) {
        if (period == null || period.isBlank() || (board.resetPeriod == null && ALL_TIME.equals(period))) {
            return current(board, now);
        }
        if (board.resetPeriod == null) {
            throw ApiException.badRequest("period", "board " + board.id + " never resets; leave period out");
        }
        try {
            return of(board.resetPeriod, LocalDate.parse(period));
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("period", "a day as YYYY-MM-DD is expected, got '" + period + "'");
        }
    }

    private static String of(ResetPeriod reset, LocalDate day) {
        if (reset == null) {
            return ALL_TIME;
        }
        return switch (reset) {
            case DAILY -> day.toString();
            case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
        };
    }

    private Periods() {
    }
}
