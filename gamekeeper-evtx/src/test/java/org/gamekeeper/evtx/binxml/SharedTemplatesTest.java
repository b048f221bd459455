package org.gamekeeper.evtx.binxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gamekeeper.evtx.read.Chunk;
import org.gamekeeper.evtx.read.Corpus;
import org.gamekeeper.evtx.read.EventRecord;
import org.gamekeeper.evtx.read.EvtxFile;
import org.gamekeeper.evtx.read.ReaderTestAccess;
import org.gamekeeper.evtx.render.JsonOut;
import org.gamekeeper.evtx.render.RenderTestAccess;
import org.gamekeeper.evtx.write.EvtxWriter;
import org.gamekeeper.evtx.write.WriterSamples;
import org.gamekeeper.evtx.write.WrittenBytes;
import org.junit.jupiter.api.Test;



/**
 * Templates shared across chunks ({@link SharedTemplates}) and the JSON plans made for them
 * (the renderer's {@code JsonPlan}) change nothing: every record renders as it does when each chunk is read
 * on its own and rendered through the per-record tree, including chunks built to look like
 * another chunk's template where they are not.
 */
class SharedTemplatesTest {

    private static final byte[] FILE = EvtxWriter.standard().toBytes(WriterSamples.varied(400, 11));

    @Test
    void recordsOfChunksSharingATemplateRenderAsEachChunkAlone() {
        List<byte[]> chunks = chunks(FILE);
        assertTrue(chunks.size() >= 3, "several chunks expected, got " + chunks.size());
        List<String> alone = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            alone.addAll(treeJson(readAlone(chunks.get(i), i)));
        }
        SharedTemplates.clear();
        List<String> shared = new ArrayList<>();
        List<Chunk> read = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = ReaderTestAccess.parseChunk("t.evtx", i, 4096 + 65536L * i, chunks.get(i), false);
            read.add(c);
            for (EventRecord r : c.records()) {
                shared.add(r.toJson());
            }
        }
        assertEquals(alone, shared);
        // The same event kind in two chunks: one template object, its plans used for both.
        java.util.Set<Template> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int reused = 0;
        int planned = 0;
        for (Chunk c : read) {
            java.util.Set<Template> mine = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (EventRecord r : c.records()) {
                mine.add(ReaderTestAccess.fragment(r).template);
            }
            for (Template t : mine) {
                if (seen.contains(t)) {
                    reused++;
                    assertTrue(t.shared());
                    planned += t.jsonPlans instanceof Object[] plans && plans.length > 0 ? 1 : 0;
                }
            }
            seen.addAll(mine);
        }
        assertTrue(reused >= chunks.size() - 1, "templates reused by later chunks: " + reused);
        assertTrue(planned > 0, "plans made for reused templates");
    }

    @Test
    void aChangedDefinitionAtTheSameOffsetWithTheSameGuidAndSizeIsNotTakenForTheCachedOne() {
        byte[] original = chunks(FILE).get(0);
        byte[] changed = original.clone();
        // The first Computer name in the chunk is stored inline in a template definition; other
        // templates of the chunk refer to it. Same length, same GUIDs, same sizes, other text.
        int at = indexOf(changed, utf16("Computer"));
        assertTrue(at > 0);
        changed[at + 2 * 7] = 'X';

        SharedTemplates.clear();
        List<String> expected = treeJson(readAlone(changed, 1));
        assertTrue(String.join("\n", expected).contains("\"ComputeX\""), "the change is visible when read alone");

        SharedTemplates.clear();
        Chunk a = ReaderTestAccess.parseChunk("t.evtx", 0, 4096, original, false);
        for (EventRecord r : a.records()) {
            r.toJson();
        }
        Chunk b = ReaderTestAccess.parseChunk("t.evtx", 1, 4096 + 65536, changed, false);
        List<String> actual = new ArrayList<>();
        for (EventRecord r : b.records()) {
            actual.add(r.toJson());
        }
        assertEquals(expected, actual);
        assertNotSame(ReaderTestAccess.fragment(a.records().get(0)).template, ReaderTestAccess.fragment(b.records().get(0)).template);
    }

    @Test
    void aDefinitionNamingAnotherNameOutsideItIsNotTakenForTheCachedOne() {
        byte[] original = chunks(FILE).get(0);
        byte[] changed = original.clone();
        // A chunk keeps each name once: "Provider" is stored in the first definition and later
        // definitions refer to it there. Renaming the stored one must reach them all.
        int at = indexOf(changed, utf16("Provider"));
        assertTrue(at > 0);
        changed[at] = 'Q';
        List<String> expected = treeJson(readAlone(changed, 1));
        assertTrue(String.join("\n", expected).contains("\"Qrovider\""));

        SharedTemplates.clear();
        ReaderTestAccess.parseChunk("t.evtx", 0, 4096, original, false).records().forEach(EventRecord::toJson);
        List<String> actual = new ArrayList<>();
        for (EventRecord r : ReaderTestAccess.parseChunk("t.evtx", 1, 4096 + 65536, changed, false).records()) {
            actual.add(r.toJson());
        }
        assertEquals(expected, actual);
    }

    @Test
    void everyCorpusRecordRendersByPlanAsThroughTheTree() {
        List<String> problems = new ArrayList<>();
        int records = 0;
        int planned = 0;
        SharedTemplates.clear();
        for (Path p : Corpus.evtxFiles()) {
            for (EventRecord r : Corpus.records(p)) {
                records++;
                JsonOut tree = new JsonOut(1024);
                RenderTestAccess.renderTree(ReaderTestAccess.fragment(r), tree);
                JsonOut plan = new JsonOut(1024);
                if (RenderTestAccess.renderByPlan(ReaderTestAccess.fragment(r), plan)) {
                    planned++;
                    if (!Arrays.equals(Arrays.copyOf(tree.array(), tree.length()), Arrays.copyOf(plan.array(), plan.length()))) {
                        problems.add(r + ":\n  tree " + tree + "\n  plan " + plan);
                    }
                }
            }
        }
        assertEquals(List.of(), problems.subList(0, Math.min(5, problems.size())));
        assertTrue(planned > records / 2, planned + " of " + records + " records planned");
    }

    @Test
    void everyCorpusRecordRendersWithSharedTemplatesAsWithEachChunkAlone() throws Exception {
        List<String> problems = new ArrayList<>();
        SharedTemplates.clear();
        List<String> shared = new ArrayList<>();
        List<Path> files = Corpus.evtxFiles();
        for (Path p : files) {
            for (EventRecord r : Corpus.records(p)) {
                shared.add(r.toJson());
            }
        }
        List<String> alone = new ArrayList<>();
        for (Path p : files) {
            try (EvtxFile f = EvtxFile.open(p, p.toString())) {
                for (int i = 0; i < f.chunkSlots(); i++) {
                    SharedTemplates.clear();
                    alone.addAll(treeJson(f.readChunk(i, false)));
                }
            }
        }
        assertEquals(alone.size(), shared.size());
        for (int i = 0; i < alone.size() && problems.size() < 5; i++) {
            if (!alone.get(i).equals(shared.get(i))) {
                problems.add("record " + i + ":\n  alone  " + alone.get(i) + "\n  shared " + shared.get(i));
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theCacheStaysWithinItsBound() {
        SharedTemplates.clear();
        for (int i = 0; i < 3; i++) {
            for (EventRecord r : ReaderTestAccess.parseChunk("t.evtx", i, 4096 + 65536L * i, chunks(FILE).get(i), false).records()) {
                r.toJson();
            }
        }
        assertTrue(SharedTemplates.size() > 0 && SharedTemplates.size() <= SharedTemplates.MAX_ENTRIES);
    }

    private static Chunk readAlone(byte[] chunk, int index) {
        SharedTemplates.clear();
        return ReaderTestAccess.parseChunk("t.evtx", index, 4096 + 65536L * index, chunk, false);
    }

    private static List<String> treeJson(Chunk c) {
        List<String> out = new ArrayList<>();
        for (EventRecord r : c.records()) {
            JsonOut j = new JsonOut(1024);
            RenderTestAccess.renderTree(ReaderTestAccess.fragment(r), j);
            out.add(j.toString());
        }
        return out;
    }

    private static List<byte[]> chunks(byte[] file) {
        List<byte[]> out = new ArrayList<>();
        for (int at : WrittenBytes.chunks(file)) {
            out.add(Arrays.copyOfRange(file, at, at + 65536));
        }
        return out;
    }

    private static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    private static int indexOf(byte[] b, byte[] needle) {
        outer:
        for (int i = 512; i + needle.length <= b.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (b[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
