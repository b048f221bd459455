/**
 * The Sigma rule model (rules, correlations, filters) and the reader that builds it from YAML,
 * collecting every problem of a document with its file:line:column. Holds typed values and
 * parsed conditions; does not match events.
 */
package org.gamekeeper.sigma.rule;
