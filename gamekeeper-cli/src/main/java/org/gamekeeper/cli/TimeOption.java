package org.gamekeeper.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** {@code --from} and {@code --to} as every command reads them: a date or an ISO-8601 time, UTC. */
final class TimeOption {
    private TimeOption() {
    }

    /**
     * Epoch milliseconds of {@code text}; a date alone means its first millisecond, or its last
     * when {@code endOfDay} (so {@code --to 2022-01-31} includes that day).
     */
    static long parse(CommandLine cmd, String text, boolean endOfDay, String option) {
        try {
            if (text.length() == 10) {
                Instant start = LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                return endOfDay ? start.plusSeconds(86_400).toEpochMilli() - 1 : start.toEpochMilli();
            }
            return Instant.parse(text.endsWith("Z") || text.matches(".*[+-][0-9]{2}:[0-9]{2}$") ? text : text + "Z").toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(cmd, option + " must be a date (2022-01-31) or an ISO-8601 time (2022-01-31T10:00:00Z): " + text);
        }
    }

    /** Both bounds, checked: {@code --from} after {@code --to} is a usage error, not an empty result. */
    static long[] window(CommandLine cmd, String from, String to) {
        long f = from == null ? Long.MIN_VALUE : parse(cmd, from, false, "--from");
        long t = to == null ? Long.MAX_VALUE : parse(cmd, to, true, "--to");
        if (f > t) {
            throw new CommandLine.ParameterException(cmd, "--from " + from + " is after --to " + to + ": no event could match");
        }
        return new long[] {f, t};
    }
}
