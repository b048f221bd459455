package org.gamekeeper.engine.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The compact table answers as a map does, and dropping what has passed leaves the rest intact. */
class LastSeenTest {

    @Test
    void answersAsAHashMapThroughGrowthAndRetain() {
        SplittableRandom rnd = new SplittableRandom(5);
        LastSeen table = new LastSeen();
        Map<String, Integer> map = new HashMap<>();
        for (int k = 0; k < 50_000; k++) {
            String key = "0x" + Integer.toHexString(rnd.nextInt(3000));
            assertEquals(map.getOrDefault(key, -1), table.get(key), key);
            table.put(key, k);
            map.put(key, k);
            if (table.crowded()) {
                int oldest = k - 2000;
                table.retain(v -> v >= oldest);
                map.values().removeIf(v -> v < oldest);
            }
            assertEquals(map.size(), table.size());
        }
    }

    @Test
    void holdsOnlyWhatIsLeftAfterEachRetainAsItGrows() {
        LastSeen table = new LastSeen();
        int most = 0;
        for (int k = 0; k < 100_000; k++) {
            // a new key each time, of which only the last 100 may still join
            if (table.crowded()) {
                int oldest = k - 100;
                table.retain(v -> v >= oldest);
            }
            table.put("key" + k, k);
            most = Math.max(most, table.size());
        }
        assertTrue(most <= 2 * 101 + 1, "the table grew to " + most + " entries for 100 live keys");
        assertEquals(99_999, table.get("key99999"));
        assertEquals(-1, table.get("key5"));
    }
}
