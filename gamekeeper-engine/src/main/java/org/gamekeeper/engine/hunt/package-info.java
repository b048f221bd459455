/**
 * The hunting pipeline wired in one place ({@link org.gamekeeper.engine.hunt.Hunt}): sources,
 * ordered batches, detection, alerts and correlations, and {@link org.gamekeeper.engine.hunt.Detection},
 * the per-event part a streaming processor runs too. Owns the hunt's threads (through
 * {@code batch}); holds no detection logic of its own and prints nothing: the CLI owns output.
 */
package org.gamekeeper.engine.hunt;
