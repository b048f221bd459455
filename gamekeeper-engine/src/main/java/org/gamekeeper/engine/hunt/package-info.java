/**
 * The hunting pipeline: rules indexed by log source, channel and EventID, a multi-pattern
 * prefilter over the literals each rule needs, evaluation on worker threads, correlations in
 * event-time order, and alerts. It prints nothing; the CLI owns output.
 */
package org.gamekeeper.engine.hunt;
