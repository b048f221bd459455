/**
 * Indicators of compromise: lists read from CSV ({@code type,value,description}) or STIX 2.1
 * bundles (simple equality patterns), defanged text accepted, matched against the fields where
 * each kind of indicator appears (hashes, addresses, DNS queries, URLs, file names, mail senders
 * and links), hits turned into {@code kind: ioc} alerts in one place ({@link org.gamekeeper.engine.ioc.IocAlerts}).
 * Reads no evidence and writes nothing: the caller hands events or mail observables in.
 */
package org.gamekeeper.engine.ioc;
