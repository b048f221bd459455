package org.gamekeeper.sigma.rule;

/** A link to another rule: derived, obsolete, merged, renamed or similar. */
public record Related(String id, String type) { }
