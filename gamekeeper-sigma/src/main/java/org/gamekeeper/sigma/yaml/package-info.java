/**
 * Safe YAML reading for rules: SnakeYAML Engine's composer only (no object construction),
 * bounded aliases, depth, node count and size, duplicate keys rejected, every node with its
 * line and column. Knows nothing of Sigma.
 */
package org.gamekeeper.sigma.yaml;
