package org.gamekeeper.sigma.rule;

import java.util.List;

/**
 * A named search of the detection: OR of alternatives, each an AND of detection items
 * (a map is one alternative, a list of maps several).
 */
public record SearchIdentifier(String name, List<List<DetectionItem>> alternatives, Location location) { }
