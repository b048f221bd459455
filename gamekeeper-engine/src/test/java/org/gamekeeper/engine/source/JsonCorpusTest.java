package org.gamekeeper.engine.source;

import org.gamekeeper.engine.Problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gamekeeper.engine.Event;
import org.junit.jupiter.api.Test;

/** Reads the shared corpus's JSON evidence end to end: discovery, unpacking, every shape. */
class JsonCorpusTest {

    static Path corpus(String sub) {
        Path root = Path.of(System.getProperty("gamekeeper.corpus", "../shared/corpus"));
        Path p = root.resolve(sub);
        if (!Files.isDirectory(p)) {
            fail("corpus folder missing: " + p.toAbsolutePath()
                + " (set -Dgamekeeper.corpus=PATH to the shared corpus; corpus tests never pass without it)");
        }
        return p;
    }

    /**
     * OTRF Security-Datasets: 58 zips (NXLog flat JSON, six with macOS metadata members) and one
     * tar.gz (Winlogbeat 6 JSON). 253,699 events: the corpus README says 253,701 because it
     * counts lines, and two datasets (schtask_create, schtask_modification) hold one empty line each.
     */
    @Test
    void otrfDatasetsAreReadCompletelyWithTheirKeyFields() {
        Path otrf = corpus("json-logs/otrf");
        List<Problem> problems = new ArrayList<>();
        List<InputFile> inputs = Inputs.expand(List.of(otrf.toString()), problems::add);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).file().endsWith("LICENSE"), problems::toString);
        assertEquals(59, inputs.size());
        assertTrue(inputs.stream().allMatch(f -> f.kind() == InputKind.JSON));

        long[] counts = new long[8];
        JsonSource json = new JsonSource();
        for (InputFile in : inputs) {
            json.read(in, e -> {
                counts[0]++;
                if (e.eventId() >= 0) {
                    counts[1]++;
                }
                if (e.channel() != null && !e.channel().isEmpty()) {
                    counts[2]++;
                }
                if (e.computer() != null && !e.computer().isEmpty()) {
                    counts[3]++;
                }
                if (e.timestampMillis() != Long.MIN_VALUE) {
                    counts[4]++;
                }
                if (e.field("CommandLine") != null) {
                    counts[5]++;
                }
                if (e.eventId() == 4688 && "Security".equalsIgnoreCase(e.channel())) {
                    counts[6]++;
                    if (e.field("NewProcessName") != null && e.field("CommandLine") != null) {
                        counts[7]++;
                    }
                }
            }, problems::add);
        }
        assertEquals(1, problems.size(), problems::toString);
        assertEquals(253_699, counts[0], "events");
        assertEquals(counts[0], counts[1], "events with an EventID");
        assertEquals(counts[0], counts[2], "events with a Channel");
        assertEquals(counts[0], counts[3], "events with a Computer");
        assertEquals(counts[0], counts[4], "events with a TimeCreated");
        assertEquals(835, counts[5], "events with a CommandLine (772 flat, 63 Winlogbeat 6)");
        assertEquals(425, counts[6], "Security 4688 events (393 flat, some with channel \"security\"; 32 Winlogbeat 6)");
        // one Winlogbeat 6 event in the tar.gz has no CommandLine in the source (command line auditing was off)
        assertEquals(424, counts[7], "4688 events with NewProcessName and CommandLine");
    }

    private static final Pattern RECORD_ID = Pattern.compile("\"EventRecordID\": (\\d+)");
    private static final Pattern EVENT_ID = Pattern.compile("\"EventID\": (\\d+)");
    private static final Pattern COMPUTER = Pattern.compile("\"Computer\": \"([^\"\\\\]*)\"");

    /**
     * The evtx_dump renderings beside the Sigma regression samples: every file, every event,
     * checked against a plain text scan of the same file.
     */
    @Test
    void evtxDumpFilesAgreeWithATextScanOfThemselves() throws IOException {
        Path data = corpus("sigma/regression_data");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(data)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(202, files.size());
        List<Problem> problems = new ArrayList<>();
        List<InputFile> inputs = Inputs.expand(files.stream().map(Path::toString).toList(), problems::add);
        assertEquals(List.of(), problems);
        assertEquals(202, inputs.size());
        JsonSource json = new JsonSource();
        int total = 0;
        for (InputFile in : inputs) {
            String text = Files.readString(in.path(), StandardCharsets.UTF_8);
            List<String> recordIds = all(RECORD_ID, text);
            List<String> eventIds = all(EVENT_ID, text);
            List<String> computers = all(COMPUTER, text);
            List<Event> events = new ArrayList<>();
            json.read(in, events::add, problems::add);
            assertEquals(List.of(), problems, in.name());
            assertEquals(recordIds, events.stream().map(e -> Long.toString(e.recordId())).toList(), in.name());
            assertEquals(eventIds, events.stream().map(e -> Integer.toString(e.eventId())).toList(), in.name());
            assertEquals(computers, events.stream().map(Event::computer).toList(), in.name());
            for (Event e : events) {
                assertTrue(e.timestampMillis() != Long.MIN_VALUE, e::ref);
                assertTrue(e.channel() != null && e.provider() != null, e::ref);
                assertEquals(e.field("EventID"), e.field("Event.System.EventID"), e::ref);
            }
            total += events.size();
        }
        assertEquals(238, total, "events in all regression_data .json files");
    }

    /** Kind by content agrees with what the corpus files are, whatever they are called. */
    @Test
    void everyCorpusEvtxJsonAndMailFileIsRecognisedByContent() {
        List<Problem> problems = new ArrayList<>();
        List<InputFile> inputs = Inputs.expand(List.of(corpus("evtx").toString(), corpus("sigma/regression_data").toString(),
            corpus("email").toString()), problems::add);
        java.util.Map<String, Long> byExtensionAndKind = new java.util.TreeMap<>();
        for (InputFile in : inputs) {
            String n = in.name();
            byExtensionAndKind.merge(n.substring(n.lastIndexOf('.') + 1) + "=" + in.kind(), 1L, Long::sum);
        }
        assertEquals(502L, byExtensionAndKind.get("evtx=EVTX"), byExtensionAndKind::toString);
        assertEquals(202L, byExtensionAndKind.get("json=JSON"), byExtensionAndKind::toString);
        assertEquals(1350L, byExtensionAndKind.get("eml=MAIL"), byExtensionAndKind::toString);
        for (Problem p : problems) {
            assertTrue(!p.file().endsWith(".evtx") && !p.file().endsWith(".json") && !p.file().endsWith(".eml"),
                p::toString);
        }
    }

    private static List<String> all(Pattern p, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
