/**
 * The demonstration scenario: a seeded intrusion in the style of the public advisories, amid
 * ordinary activity, written as real evidence (EVTX through gamekeeper-evtx's writer, RFC 5322
 * mail) for {@code gamekeeper demo} and for tests. Writes files; detects nothing.
 */
package org.gamekeeper.engine.demo;
