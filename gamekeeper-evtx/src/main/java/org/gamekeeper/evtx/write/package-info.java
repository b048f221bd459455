/**
 * Writing EVTX files that Windows' readers and libevtx accept: events built as the intermediate
 * form ({@link org.gamekeeper.evtx.write.EventBuilder}, or any
 * {@link org.gamekeeper.evtx.binxml.XmlNode.Element}) are encoded as Binary XML with templates,
 * string and template tables and checksums ({@link org.gamekeeper.evtx.write.EvtxWriter}), with
 * explicit damage for tests. For demos and tests; it never reads evidence, and nothing in the
 * reader depends on it.
 */
package org.gamekeeper.evtx.write;
