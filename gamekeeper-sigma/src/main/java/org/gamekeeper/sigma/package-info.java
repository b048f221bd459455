/**
 * The Sigma rule language: loading, rule model, conditions, modifiers, compilation, matching,
 * filters and correlations. Knows events only through {@link org.gamekeeper.sigma.SigmaEvent}.
 */
package org.gamekeeper.sigma;
