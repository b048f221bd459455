/**
 * ATT&CK context, offline: the compact Enterprise ATT&CK resource (tactics, techniques with
 * names, revoked techniques with their replacements, groups with aliases and technique sets),
 * resolution of Sigma tags, and ranking of known groups by weighted technique overlap.
 * Reads only its own resources; must not attribute: overlap is context, never a verdict.
 */
package org.gamekeeper.engine.attack;
