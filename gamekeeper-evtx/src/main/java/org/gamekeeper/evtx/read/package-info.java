/**
 * Reading EVTX files: the file header, 64 KiB chunks, event records, damage and tamper evidence,
 * carving. What callers open ({@link org.gamekeeper.evtx.read.EvtxFile}) and get
 * ({@link org.gamekeeper.evtx.read.Chunk}, {@link org.gamekeeper.evtx.read.EventRecord}).
 *
 * <p>The attack surface: this package parses hostile bytes, with
 * {@link org.gamekeeper.evtx.binxml}, and must never trust a length, offset or count it reads.
 * The limits it enforces: a chunk is read into at most 64 KiB, wherever the headers point; a
 * record's size must lie inside its chunk and agree with its trailing copy, else reading
 * resynchronises on the next record signature; a record that fails to parse, and a reader bug
 * on hostile bytes (any exception or stack overflow), cost that record or chunk only and are
 * reported as {@link org.gamekeeper.evtx.read.Damage}, never thrown; carved records count only
 * when they look like events. Damage is data: every intact record around it is still read.
 * Nothing here renders or writes.
 */
package org.gamekeeper.evtx.read;
