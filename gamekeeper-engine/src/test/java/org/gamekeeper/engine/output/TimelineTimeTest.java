package org.gamekeeper.engine.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Alert times written by hand agree with the formatter the interface names, whatever the instant. */
class TimelineTimeTest {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Test
    void agreesWithTheFormatterFromYearOneToBeyondNineThousandNineHundredNinetyNine() {
        Random r = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            long seconds = -62_200_000_000L + (long) (r.nextDouble() * 316_000_000_000L);
            Instant t = Instant.ofEpochSecond(seconds, r.nextInt(1_000_000_000));
            assertEquals(ISO.format(t), Timeline.time(t), t.toString());
        }
        for (String s : new String[] {"1970-01-01T00:00:00Z", "2019-04-27T15:57:27.087Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z",
            "2024-02-29T12:00:00.5Z"}) {
            Instant t = Instant.parse(s);
            assertEquals(ISO.format(t), Timeline.time(t));
        }
        assertNull(Timeline.time(null));
    }
}
