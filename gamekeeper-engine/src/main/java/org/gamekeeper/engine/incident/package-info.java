/**
 * Incidents and intrusions: alerts grouped by host, account, logon session, process lineage
 * and time; incidents linked into intrusions by shared accounts and lateral-movement edges;
 * per incident the tactic chain, evidence times, dwell time, key events, severity, a summary
 * written from the facts, and the stored reason each alert belongs. Deterministic. Reads
 * alerts only (never events or files) and writes nothing: outputs render what it returns.
 */
package org.gamekeeper.engine.incident;
