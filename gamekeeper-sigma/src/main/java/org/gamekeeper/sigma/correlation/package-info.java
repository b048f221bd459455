/**
 * Correlation rules at run time: fed with (rule match, event) pairs from any number of files
 * and hosts, it restores event-time order within a lateness window, keeps per-group state with
 * memory accounting and a bound, and emits correlation alerts. Does not match events itself.
 */
package org.gamekeeper.sigma.correlation;
