/**
 * {@code gamekeeper stream}: a Kafka Streams topology that takes events from topics through the
 * same parser, mappings, rule index and prefilter as {@code hunt}, correlations, rarity against a
 * baseline and incident grouping (each on a state store keyed so its state stays in one task), and
 * writes alerts (INTERFACES.md fields, JSON) to an alerts topic, incidents to an incidents topic
 * and bad input to a dead-letter topic; replay of evidence files into a topic; and an in-process
 * single-node KRaft broker for trying it out, tests and benchmarks.
 *
 * <p>Owns the Kafka side only: it parses, matches and builds alerts through the engine and never
 * copies engine logic; it prints nothing and never exits (the CLI does that).
 */
package org.gamekeeper.stream;
