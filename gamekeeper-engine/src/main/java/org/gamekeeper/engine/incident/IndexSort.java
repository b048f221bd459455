package org.gamekeeper.engine.incident;

/**
 * A stable merge sort of positions (ints) by a comparison of what they point at: the order of
 * {@code Arrays.sort} on boxed positions without a boxed Integer per alert.
 */
final class IndexSort {
    private static final int RUN = 32;

    /** Compares the things at two positions. */
    @FunctionalInterface
    interface Order {
        int compare(int x, int y);
    }

    private IndexSort() {
    }

    /** Sorts {@code a} by {@code order}; equal elements keep their relative order. */
    static void sort(int[] a, Order order) {
        int n = a.length;
        for (int lo = 0; lo < n; lo += RUN) {
            insertion(a, lo, Math.min(n, lo + RUN), order);
        }
        if (n <= RUN) {
            return;
        }
        int[] src = a;
        int[] dst = new int[n];
        for (int width = RUN; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(n, lo + width);
                int hi = Math.min(n, lo + 2 * width);
                merge(src, dst, lo, mid, hi, order);
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) {
            System.arraycopy(src, 0, a, 0, n);
        }
    }

    private static void insertion(int[] a, int lo, int hi, Order order) {
        for (int i = lo + 1; i < hi; i++) {
            int v = a[i];
            int j = i - 1;
            while (j >= lo && order.compare(a[j], v) > 0) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    private static void merge(int[] src, int[] dst, int lo, int mid, int hi, Order order) {
        int i = lo;
        int j = mid;
        int k = lo;
        if (mid >= hi || order.compare(src[mid - 1], src[mid]) <= 0) {
            System.arraycopy(src, lo, dst, lo, hi - lo); // already in order
            return;
        }
        while (i < mid && j < hi) {
            dst[k++] = order.compare(src[j], src[i]) < 0 ? src[j++] : src[i++];
        }
        while (i < mid) {
            dst[k++] = src[i++];
        }
        while (j < hi) {
            dst[k++] = src[j++];
        }
    }
}
