package org.gamekeeper.engine.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeOrderTest {

    @TempDir
    Path dir;

    @Test
    void linesComeOutInTimeOrderWithTiesInArrivalOrderAcrossSpilledRuns() throws Exception {
        Random r = new Random(7);
        List<long[]> added = new ArrayList<>();
        TimeOrder order = new TimeOrder(4096, dir);
        for (int i = 0; i < 2000; i++) {
            long t = r.nextInt(50) == 0 ? Long.MIN_VALUE : r.nextInt(300);
            added.add(new long[] {t, i});
            order.add(t, (t + " " + i + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        assertTrue(order.runs() > 5, "runs: " + order.runs());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        order.writeTo(out);
        added.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        List<String> expected = added.stream().map(a -> a[0] + " " + a[1]).toList();
        assertEquals(expected, out.toString(StandardCharsets.US_ASCII).lines().toList());
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "run files are deleted");
        }
    }

    @Test
    void underTheBoundNothingIsSpilled() throws Exception {
        TimeOrder order = new TimeOrder(1 << 20, dir);
        order.add(5, "b\n".getBytes(StandardCharsets.US_ASCII));
        order.add(1, "a\n".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        order.writeTo(out);
        assertEquals("a\nb\n", out.toString(StandardCharsets.US_ASCII));
        assertEquals(0, order.runs());
    }
}
