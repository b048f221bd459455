package org.gamekeeper.evtx.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The writer's name hash and table buckets checked against every chunk Windows wrote in the
 * corpus (read in place, never copied): if they agree there, Windows' readers find our names
 * and templates where they look for them.
 */
class EvtxWriterCorpusTest {

    private static final Path CORPUS = Path.of(System.getProperty("gamekeeper.corpus", "../shared/corpus"));

    @Test
    void nameHashesAndTableBucketsAgreeWithEveryChunkWindowsWrote() throws IOException {
        Path samples = CORPUS.resolve("evtx/evtx-attack-samples");
        if (!Files.isDirectory(samples)) {
            fail("corpus missing: " + samples.toAbsolutePath() + " (set -Dgamekeeper.corpus)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(samples)) {
            files = s.filter(p -> p.toString().endsWith(".evtx")).sorted().toList();
        }
        int names = 0;
        int templates = 0;
        for (Path file : files) {
            byte[] b = Files.readAllBytes(file);
            boolean version31 = WrittenBytes.u16(b, 36) == 1;
            for (int c = WrittenBytes.FILE_HEADER; c + WrittenBytes.CHUNK <= b.length; c += WrittenBytes.CHUNK) {
                if (!intactChunk(b, c)) {
                    continue;
                }
                for (int bucket = 0; bucket < 64; bucket++) {
                    long at = WrittenBytes.u32(b, c + 128 + 4 * bucket);
                    for (int hops = 0; at != 0 && hops < 1000; hops++) {
                        int p = c + (int) at;
                        int length = WrittenBytes.u16(b, p + 6);
                        String name = new String(b, p + 8, 2 * length, StandardCharsets.UTF_16LE);
                        int hash = WrittenBytes.u16(b, p + 4);
                        String where = file.getFileName() + " chunk@" + c + " name " + name;
                        assertEquals(hash, ChunkWriter.nameHash(name), where);
                        assertEquals(bucket, hash % 64, where);
                        names++;
                        at = WrittenBytes.u32(b, p);
                    }
                }
                // Version 3.2 files (Windows 10 2004 and later) place templates by another,
                // unknown function of the GUID; the writer uses 3.1's for both versions.
                for (int bucket = 0; version31 && bucket < 32; bucket++) {
                    long at = WrittenBytes.u32(b, c + 384 + 4 * bucket);
                    for (int hops = 0; at != 0 && hops < 1000; hops++) {
                        byte[] guid = java.util.Arrays.copyOfRange(b, c + (int) at + 4, c + (int) at + 20);
                        assertEquals(bucket, ChunkWriter.templateBucket(guid), file.getFileName() + " chunk@" + c + " template@" + at);
                        templates++;
                        at = WrittenBytes.u32(b, c + (int) at);
                    }
                }
            }
        }
        assertTrue(names > 10_000, "names checked: " + names);
        assertTrue(templates > 1_000, "templates checked: " + templates);
    }

    private static boolean intactChunk(byte[] b, int c) {
        if (!new String(b, c, 8, StandardCharsets.US_ASCII).equals("ElfChnk\0")) {
            return false;
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b, c, 120);
        crc.update(b, c + 128, 384);
        return crc.getValue() == WrittenBytes.u32(b, c + 124);
    }
}
