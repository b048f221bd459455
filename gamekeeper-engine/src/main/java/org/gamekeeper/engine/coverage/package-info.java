/**
 * Logging coverage: which of the sources and event IDs the living-off-the-land guidance asks
 * for each host's evidence holds ({@link org.gamekeeper.engine.coverage.Guidance}), which are
 * missing and why that matters, the span each covers, and which ATT&CK techniques and rules go
 * blind as a result ({@link org.gamekeeper.engine.coverage.CoverageSurvey}). Reads events
 * through {@link org.gamekeeper.engine.Event} and rules as log sources and tags only; it never
 * evaluates a rule and prints nothing.
 */
package org.gamekeeper.engine.coverage;
