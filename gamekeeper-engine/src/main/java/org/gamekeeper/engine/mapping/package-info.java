/**
 * Log-source and field mappings as data: which channels and EventIDs a Sigma log source means
 * in Windows logs, and how Sigma field names map onto event field names there, read from YAML
 * resources and user files; and the derived, normalised fields (CommandLineNormalized and its
 * kin: {@link org.gamekeeper.engine.mapping.DerivedFields}), computed by bounded hand-written
 * scans. No detection logic lives here: what a normalised text means is for the rules.
 */
package org.gamekeeper.engine.mapping;
