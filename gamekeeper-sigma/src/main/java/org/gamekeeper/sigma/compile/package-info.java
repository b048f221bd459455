/**
 * Compiles rules into immutable matchers: field names through a {@link org.gamekeeper.sigma.compile.FieldResolver},
 * values into allocation-free tests (ASCII case folding with a Unicode fallback, regex last),
 * plus what an engine needs to index rules (log source, required literals). Must not parse
 * YAML or keep per-event state.
 */
package org.gamekeeper.sigma.compile;
