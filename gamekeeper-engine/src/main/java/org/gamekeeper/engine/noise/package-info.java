/**
 * Noise control between alert building and output: identical alerts aggregated into one with a
 * count and first/last time ({@link org.gamekeeper.engine.noise.Aggregation}), and the
 * configuration's {@code tuning} entries (rule exclusions, field-condition allow-lists, each with a
 * reason and an optional expiry) with a count of what each suppressed ({@link org.gamekeeper.engine.noise.Tuning}),
 * so nothing disappears silently. Reads no evidence and writes nothing.
 */
package org.gamekeeper.engine.noise;
