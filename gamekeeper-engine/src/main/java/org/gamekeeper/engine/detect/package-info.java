/**
 * Rule evaluation: compiled Sigma rules indexed by channel and EventID, a prefilter of the
 * literals each rule needs (one scan per field, see {@link org.gamekeeper.engine.detect.PatternScanner}),
 * and the built-in rule pack. Knows events only through {@link org.gamekeeper.engine.Event}
 * (including its raw values, {@link org.gamekeeper.engine.Event#forEachValue}); builds no
 * alerts, reads no files, owns no threads.
 */
package org.gamekeeper.engine.detect;
