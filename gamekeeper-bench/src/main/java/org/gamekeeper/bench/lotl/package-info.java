/**
 * Living-off-the-land measurements (issue 20): the obfuscation test set and its seeded generator,
 * LOLBAS command templates filled as process events, and the score of rule sets on both. Prints
 * figures; asserts nothing (the CI floor is {@code LotlScoreGuardTest}). Reads the corpus at run
 * time and never copies it.
 */
package org.gamekeeper.bench.lotl;
