/**
 * What people and other tools read after a hunt: the self-contained HTML report, the ATT&CK
 * Navigator layer, Timesketch JSONL, incidents JSONL, and the case database that keeps a case's
 * alerts and incidents between runs. Renders what the engine hands it; never reads evidence,
 * never fetches anything (the HTML loads nothing from the network), never prints.
 */
package org.gamekeeper.report;
