/**
 * The Sigma rule language: loading, rule model, conditions, modifiers, compilation, matching,
 * filters and correlations. Knows events only through {@link org.gamekeeper.sigma.SigmaEvent}.
 *
 * <p>The phases, one package each, wired by {@link org.gamekeeper.sigma.RuleSet}:
 * {@code yaml} (safe reading) → {@code rule} (model, every problem with file:line:column;
 * values typed by {@code modifier} into {@code value}; conditions parsed and simplified by
 * {@code condition}) → {@code compile} (immutable matchers and prefilter literals) →
 * {@code correlation} (run-time state over many events).
 *
 * <pre>{@code
 * RuleSet set = RuleSet.load(paths, LoadOptions.defaults().withPlaceholders(values));
 * set.problems();                                   // every failure, with its place
 * CompiledRuleSet rules = set.compile(sigmaField -> mapping.eventField(sigmaField));
 * for (CompiledRule r : rules.rules()) {            // index by r.logSource() and r.prefilter()
 *     if (r.matches(event)) {
 *         if (rules.alertsOnItsOwn(r)) { ... }      // false for correlation-only rules
 *         correlations.accept(r.rule().metadata(), event, ref);
 *     }
 * }
 * CorrelationEngine correlations = new CorrelationEngine(rules.correlations(), CorrelationLimits.defaults());
 * correlations.drain(); correlations.flush();      // alerts in event-time order
 * }</pre>
 */
package org.gamekeeper.sigma;
