/**
 * The Windows XML Event Log (EVTX) format, JDK only. The sub-packages follow the format from the
 * top down, and depend only downwards:
 * <ul>
 * <li>{@code read}: files, chunks and records, damage and tamper evidence, carving (the attack
 *     surface, with {@code binxml});</li>
 * <li>{@code binxml}: Binary XML, templates and values, an event's fields, and the one
 *     intermediate form ({@code XmlNode}, {@code Value});</li>
 * <li>{@code render}: JSON (as the Rust {@code evtx_dump}) and event XML (as Windows), written
 *     from the parsed templates and values, JSON never from XML;</li>
 * <li>{@code write}: an EVTX writer for the intermediate form.</li>
 * </ul>
 * {@code read} uses {@code binxml} and {@code render}; {@code render} and {@code write} use
 * {@code binxml}; {@code binxml} uses none of them.
 */
package org.gamekeeper.evtx;
