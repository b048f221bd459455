/**
 * Log-source and field mappings as data: which channels and EventIDs a Sigma log source means
 * in Windows logs, and how Sigma field names map onto event field names there. Read from YAML
 * resources and user files; no detection logic lives here.
 */
package org.gamekeeper.engine.mapping;
