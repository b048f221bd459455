/**
 * The Windows XML Event Log (EVTX) format: file and chunk headers, event records, Binary XML,
 * templates, value types, damage and tamper evidence, carving, and a writer. JDK only.
 */
package org.gamekeeper.evtx;
