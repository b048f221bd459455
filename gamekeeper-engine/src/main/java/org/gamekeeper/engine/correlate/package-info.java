/**
 * The correlation stage: keeps what Sigma correlations need of each match of the rules they
 * refer to and runs them in event-time order across files and hosts, producing correlation
 * alerts. Reads events only through {@link org.gamekeeper.engine.Event}; owns no threads and no files.
 */
package org.gamekeeper.engine.correlate;
