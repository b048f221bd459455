package org.gamekeeper.sigma.rule;

import java.util.Map;
import org.gamekeeper.sigma.condition.Condition;

/**
 * The detection section: search identifiers by name and the condition, both as parsed and
 * resolved (x-of expanded, simplified).
 */
public record Detection(Map<String, SearchIdentifier> identifiers, Condition parsed, Condition condition, Location location) { }
