package org.gamekeeper.sigma.correlation;

/**
 * Bounds of the correlation engine.
 *
 * @param latenessMillis  how far behind the newest event an event may arrive and still be put in order
 * @param maxBytes        estimated memory for buffered events and group state; over it the bound trips
 * @param maxRefsPerAlert event references kept per group and alert
 */
public record CorrelationLimits(long latenessMillis, long maxBytes, int maxRefsPerAlert) {
    public static CorrelationLimits defaults() {
        return new CorrelationLimits(5 * 60_000L, 256L * 1024 * 1024, 100);
    }
}
