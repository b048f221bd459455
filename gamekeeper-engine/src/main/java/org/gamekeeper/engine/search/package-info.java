/**
 * Ad-hoc questions of the evidence ({@code gamekeeper search}): keywords, field conditions with
 * Sigma wildcards, regular expressions, EventIDs, channels, hosts and a time window, compiled once
 * into one Sigma rule and answered by gamekeeper-sigma's matchers. Owns no matching of its own and
 * writes nothing: the caller renders what matched.
 */
package org.gamekeeper.engine.search;
