package org.gamekeeper.evtx.write;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import org.gamekeeper.evtx.binxml.Value;
import org.gamekeeper.evtx.binxml.XmlNode;

/**
 * Writes events as a Windows XML Event Log (EVTX) file, so that demos and tests can make
 * realistic evidence that Windows' own readers and libevtx accept: a 4 KiB file header, then
 * 64 KiB chunks of event records in Binary XML with templates, string and template tables and
 * CRC32 checksums as Windows writes them.
 *
 * <p>Input: one {@link XmlNode.Element} named {@code Event} per record (see {@link EventBuilder}).
 * The record's EventRecordID is the event's {@code System/EventRecordID} value when it has one,
 * otherwise one more than the previous record's; the record's written time is the event's
 * {@code System/TimeCreated/@SystemTime}, otherwise that of the previous record.
 *
 * <pre>{@code
 * EvtxWriter.standard().write(events, Path.of("Security.evtx"));
 * byte[] damaged = EvtxWriter.builder().corruptChunkDataChecksum(1).build().toBytes(events);
 * }</pre>
 *
 * <p>Damage for tests is explicit and off by default: a chunk's header or data checksum
 * flipped, or a file left dirty, as after a crash, with chunks the file header does not count.
 */
public final class EvtxWriter {

    private static final int FILE_HEADER_SIZE = 4096;
    private static final int FLAG_DIRTY = 0x1;

    private final int minorVersion;
    private final Set<Integer> badHeaderChecksums;
    private final Set<Integer> badDataChecksums;
    private final int uncountedChunks;

    private EvtxWriter(Builder b) {
        this.minorVersion = b.minorVersion;
        this.badHeaderChecksums = Set.copyOf(b.badHeaderChecksums);
        this.badDataChecksums = Set.copyOf(b.badDataChecksums);
        this.uncountedChunks = b.uncountedChunks;
    }

    /** A writer for clean, closed files of format version 3.1. */
    public static EvtxWriter standard() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Writes the events to a file, replacing it. */
    public void write(List<XmlNode.Element> events, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(events, out);
        }
    }

    /** Writes the events to a stream; the stream is not closed. */
    public void write(List<XmlNode.Element> events, OutputStream out) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        List<long[]> idRanges = new ArrayList<>();
        ChunkWriter chunk = new ChunkWriter();
        long nextId = 1;
        long number = 1;
        long written = 0;
        for (XmlNode.Element event : events) {
            if (!event.name().equals("Event")) {
                throw new IllegalArgumentException("an event record holds an Event element, not " + event.name());
            }
            long id = eventRecordId(event, nextId);
            Instant created = timeCreated(event);
            if (created != null) {
                written = ValueEncoder.filetime(created);
            }
            if (!chunk.tryAppend(event, number, id, written)) {
                if (chunk.records() == 0) {
                    throw new IllegalArgumentException("event " + id + " does not fit in an empty chunk");
                }
                addChunk(chunks, idRanges, chunk);
                chunk = new ChunkWriter();
                if (!chunk.tryAppend(event, number, id, written)) {
                    throw new IllegalArgumentException("event " + id + " does not fit in an empty chunk");
                }
            }
            nextId = id + 1;
            number++;
        }
        if (chunk.records() > 0) {
            addChunk(chunks, idRanges, chunk);
        }

        int counted = Math.max(chunks.size() - uncountedChunks, 0);
        long headerNextId = counted == chunks.size() ? nextId
                : idRanges.get(counted)[0];
        out.write(fileHeader(counted, headerNextId, uncountedChunks > 0));
        for (byte[] c : chunks) {
            out.write(c);
        }
    }

    /** The whole file in memory. */
    public byte[] toBytes(List<XmlNode.Element> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(events, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void addChunk(List<byte[]> chunks, List<long[]> idRanges, ChunkWriter chunk) {
        int index = chunks.size();
        chunks.add(chunk.finish(badHeaderChecksums.contains(index), badDataChecksums.contains(index)));
        idRanges.add(new long[] {chunk.firstId(), chunk.lastId()});
    }

    private byte[] fileHeader(int chunkCount, long nextRecordId, boolean dirty) {
        byte[] h = new byte[FILE_HEADER_SIZE];
        System.arraycopy("ElfFile\0".getBytes(StandardCharsets.US_ASCII), 0, h, 0, 8);
        ChunkWriter.put64(h, 8, 0);
        ChunkWriter.put64(h, 16, Math.max(chunkCount - 1, 0));
        ChunkWriter.put64(h, 24, nextRecordId);
        ChunkWriter.put32(h, 32, 128);
        h[36] = (byte) minorVersion;
        h[38] = 3;
        h[40] = 0x00;
        h[41] = 0x10; // header block size 4096
        h[42] = (byte) chunkCount;
        h[43] = (byte) (chunkCount >>> 8);
        ChunkWriter.put32(h, 120, dirty ? FLAG_DIRTY : 0);
        CRC32 crc = new CRC32();
        crc.update(h, 0, 120);
        ChunkWriter.put32(h, 124, (int) crc.getValue());
        return h;
    }

    private static long eventRecordId(XmlNode.Element event, long next) {
        XmlNode.Element system = event.child("System");
        XmlNode.Element id = system == null ? null : system.child("EventRecordID");
        if (id != null) {
            for (XmlNode n : id.children()) {
                if (n instanceof Value v && v.value() instanceof Number number) {
                    return number.longValue();
                }
            }
        }
        return next;
    }

    private static Instant timeCreated(XmlNode.Element event) {
        XmlNode.Element system = event.child("System");
        XmlNode.Element created = system == null ? null : system.child("TimeCreated");
        XmlNode.Attribute at = created == null ? null : created.attribute("SystemTime");
        if (at != null) {
            for (XmlNode n : at.value()) {
                if (n instanceof Value v && v.value() instanceof Instant t) {
                    return t;
                }
            }
        }
        return null;
    }

    /** Options; each damage option names the chunk (0-based) it spoils. */
    public static final class Builder {
        private int minorVersion = 1;
        private final Set<Integer> badHeaderChecksums = new HashSet<>();
        private final Set<Integer> badDataChecksums = new HashSet<>();
        private int uncountedChunks;

        private Builder() {
        }

        /**
         * Format version 3.1 (Vista and later, the default) or 3.2 (Windows 10 2004 and later).
         * Only the version number differs: 3.2 chunks Windows wrote place templates in the
         * template pointer table by a function not yet known, so 3.1's is used for both.
         */
        public Builder minorVersion(int minor) {
            if (minor != 1 && minor != 2) {
                throw new IllegalArgumentException("EVTX versions are 3.1 and 3.2, not 3." + minor);
            }
            this.minorVersion = minor;
            return this;
        }

        /** Writes a wrong chunk header CRC32 into this chunk. */
        public Builder corruptChunkHeaderChecksum(int chunk) {
            badHeaderChecksums.add(chunk);
            return this;
        }

        /** Writes a wrong event records CRC32 into this chunk. */
        public Builder corruptChunkDataChecksum(int chunk) {
            badDataChecksums.add(chunk);
            return this;
        }

        /**
         * Leaves the file as a crash would: dirty flag set and the last {@code chunks} chunks
         * written but not counted in the file header (chunk count, last chunk, next record id).
         */
        public Builder unclosed(int chunks) {
            if (chunks < 0) {
                throw new IllegalArgumentException("negative chunk count");
            }
            this.uncountedChunks = chunks;
            return this;
        }

        public EvtxWriter build() {
            return new EvtxWriter(this);
        }
    }
}
