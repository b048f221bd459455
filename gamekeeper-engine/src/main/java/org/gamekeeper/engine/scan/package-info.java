/**
 * Reads many inputs on several threads and hands what a per-event visitor made back in input
 * order (file, then chunk or batch, then event): the reading half of {@code search} and
 * {@code summary}, on the same sources ({@code engine.source}) and the same scheduler
 * ({@code engine.batch.OrderedBatches}) as {@code hunt} and {@code dump}. It knows nothing of
 * rules, output formats or the terminal.
 */
package org.gamekeeper.engine.scan;
