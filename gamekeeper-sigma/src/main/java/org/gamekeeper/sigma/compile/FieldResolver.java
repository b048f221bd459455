package org.gamekeeper.sigma.compile;

/**
 * Maps a Sigma field name (as written in a rule, e.g. {@code Image}) to the event field name
 * the source uses. Returning null says the source never has that field: tests on it are
 * compiled to constants (a value never matches, {@code null} and {@code exists: false} always do).
 */
@FunctionalInterface
public interface FieldResolver {
    FieldResolver IDENTITY = name -> name;

    String resolve(String sigmaField);
}
