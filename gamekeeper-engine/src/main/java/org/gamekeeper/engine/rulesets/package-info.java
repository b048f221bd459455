/**
 * Rule sets installed on this machine ({@code gamekeeper rules update}): the pinned SigmaHQ
 * release (version and SHA-256 in {@code sigmahq.properties} beside these classes), download with
 * verification, bounded and traversal-safe unpacking into the user's data folder, and the list
 * of installed sets with version and hash. Owns no rule loading: callers hand the folders to
 * gamekeeper-sigma.
 */
package org.gamekeeper.engine.rulesets;
