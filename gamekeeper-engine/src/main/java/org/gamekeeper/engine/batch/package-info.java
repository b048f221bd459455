/**
 * Ordered batches: the one scheduler that runs work on many inputs' pieces in parallel and hands
 * results on in input order, with bounded memory. Knows nothing of formats, rules or alerts:
 * callers say what a piece of work is and what to do with its result.
 */
package org.gamekeeper.engine.batch;
