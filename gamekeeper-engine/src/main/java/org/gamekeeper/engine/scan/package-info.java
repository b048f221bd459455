/**
 * Reads many inputs on several threads and hands what a per-event visitor made back in input
 * order (file, then chunk or batch, then event): the reading half of {@code search} and
 * {@code summary}. Owns scheduling and bounded read-ahead only; it knows nothing of rules, output
 * formats or the terminal.
 */
package org.gamekeeper.engine.scan;
