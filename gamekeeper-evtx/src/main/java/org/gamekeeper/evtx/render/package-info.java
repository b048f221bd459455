/**
 * Rendering events: JSON as the Rust {@code evtx_dump} writes it, and event XML as Windows
 * renders it, both written straight from the parsed templates and values (JSON is never made
 * from XML), into {@link org.gamekeeper.evtx.render.JsonOut}, a UTF-8 buffer that builds no
 * intermediate Strings. JSON plans worked out per template and shape are bounded (256 per
 * template, counted against the shared template cache). Parses no structure of its own: it
 * walks what {@link org.gamekeeper.evtx.binxml} has parsed and decodes value bytes only within
 * the bounds the parser checked.
 *
 * <p>Public API: {@code JsonOut}. {@code JsonRenderer} and {@code XmlRenderer} are public only
 * for the library's reader: internal to the library. Callers render through
 * {@link org.gamekeeper.evtx.read.EventRecord#writeJson} and {@code writeXml}.
 */
package org.gamekeeper.evtx.render;
