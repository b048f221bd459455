/**
 * Sigma value modifiers: one class per modifier behind {@link org.gamekeeper.sigma.modifier.ModifierRegistry}.
 * Each modifier type-checks its input value and turns it into typed values at load time;
 * nothing here runs while events are matched.
 */
package org.gamekeeper.sigma.modifier;
