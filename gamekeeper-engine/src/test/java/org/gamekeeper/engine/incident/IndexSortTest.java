package org.gamekeeper.engine.incident;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The merge sort of positions gives the order the JDK's stable sort of boxed positions gives. */
class IndexSortTest {

    @Test
    void sortsAsTheJdksStableSortWithTiesInTheirFirstOrder() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int round = 0; round < 300; round++) {
            int n = rnd.nextInt(round < 100 ? 40 : 3000);
            long[] key = new long[n];
            int distinct = 1 + rnd.nextInt(Math.max(1, n / (1 + rnd.nextInt(8))));
            for (int i = 0; i < n; i++) {
                key[i] = rnd.nextInt(distinct);
            }
            if (rnd.nextInt(4) == 0) {
                Arrays.sort(key); // runs already in order
            }
            Integer[] boxed = new Integer[n];
            int[] positions = new int[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = i;
                positions[i] = i;
            }
            Arrays.sort(boxed, Comparator.comparingLong(i -> key[i]));
            IndexSort.sort(positions, (x, y) -> Long.compare(key[x], key[y]));
            assertArrayEquals(Arrays.stream(boxed).mapToInt(Integer::intValue).toArray(), positions, "round " + round + ", " + n);
        }
    }
}
