/**
 * Behavioural baselines and rarity: what each host and account normally does (parent and child
 * processes, LOLBin and admin-tool use, command-line shapes, logons, services and scheduled
 * tasks), kept in an embedded SQLite file ({@link org.gamekeeper.engine.baseline.BaselineFile}),
 * and the judgement of an event against it ({@link org.gamekeeper.engine.baseline.Rarity}).
 *
 * <p>Only {@code BaselineFile} touches files (through JDBC); everything else works on events and
 * in-memory {@link org.gamekeeper.engine.baseline.Tallies}, without files or threads, so a
 * streaming processor can call it. This package reads events through
 * {@link org.gamekeeper.engine.Event} and never reaches back into sources or rule evaluation;
 * it prints nothing.
 */
package org.gamekeeper.engine.baseline;
