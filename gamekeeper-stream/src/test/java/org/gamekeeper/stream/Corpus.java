package org.gamekeeper.stream;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.hunt.Hunt;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.JsonRecords;
import org.gamekeeper.engine.source.Inputs;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.sigma.LoadOptions;

/** The shared corpus, a rule set and a batch hunt over it: what the stream's results are compared with. */
final class Corpus {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Corpus() {
    }

    static Path root() {
        Path p = Path.of(System.getProperty("gamekeeper.corpus", "../shared/corpus")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            fail("the shared corpus is missing at " + p + " (set -Dgamekeeper.corpus)");
        }
        return p;
    }

    /** Process creation and built-in channel rules of SigmaHQ. */
    static StreamDetector rules() throws IOException {
        Path w = root().resolve("sigma/rules/windows");
        return StreamDetector.load(List.of(w.resolve("process_creation"), w.resolve("builtin")), LoadOptions.defaults(), List.of());
    }

    /** A few EVTX files of attacks and two OTRF exports (zip and tar.gz), small enough for a test. */
    static List<InputFile> evidence() {
        Path r = root();
        List<String> names = List.of(
            r.resolve("evtx/evtx-attack-samples/Defense Evasion/DE_1102_security_log_cleared.evtx").toString(),
            r.resolve("evtx/evtx-attack-samples/Execution").toString(),
            r.resolve("json-logs/otrf/defense_evasion/host/cmd_bitsadmin_download_psh_script.zip").toString(),
            r.resolve("json-logs/otrf/defense_evasion/host/empire_scm_dll_hijack_ikeext.tar.gz").toString());
        List<Problem> problems = new ArrayList<>();
        List<InputFile> in = Inputs.expand(names, problems::add);
        if (in.isEmpty()) {
            fail("no corpus evidence found: " + problems);
        }
        return in;
    }

    /** rule id, event reference (file#record or file#Lline), level: counted, as a multiset. */
    static Map<String, Integer> keys(List<Alert> alerts) {
        Map<String, Integer> out = new HashMap<>();
        for (Alert a : alerts) {
            out.merge(a.ruleId() + " " + a.eventRefs().get(0) + " " + a.level().id(), 1, Integer::sum);
        }
        return out;
    }

    static Map<String, Integer> jsonKeys(List<byte[]> alerts) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        for (byte[] a : alerts) {
            JsonNode n = JSON.readTree(a);
            out.merge(n.get("rule_id").asText() + " " + n.get("event_refs").get(0).asText() + " " + n.get("level").asText(), 1,
                Integer::sum);
        }
        return out;
    }

    /** The batch hunt's alerts over the same index. */
    static List<Alert> hunt(StreamDetector detector, List<InputFile> inputs) throws InterruptedException {
        List<Alert> alerts = new ArrayList<>();
        new Hunt(detector.index(), List.of(), Hunt.Settings.defaults(2)).run(inputs, new Hunt.Sink() {
            @Override
            public void alert(Alert alert) {
                alerts.add(alert);
            }

            @Override
            public void problem(Problem problem) {
            }
        });
        return alerts;
    }

    /** Replayed records in the order of their events' times (stable: ties keep the files' order). */
    static List<ProducerRecord<byte[], byte[]>> inTimeOrder(List<ProducerRecord<byte[], byte[]>> records) throws JsonRecords.Rejected {
        JsonRecords decoder = new JsonRecords(DetectionTopology.DEFAULT_MAX_EVENT_BYTES);
        List<Object[]> timed = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : records) {
            timed.add(new Object[] {decoder.decode(r.value(), "x", -1).timestampMillis(), r});
        }
        timed.sort(java.util.Comparator.comparingLong(o -> (Long) o[0]));
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (Object[] o : timed) {
            @SuppressWarnings("unchecked")
            ProducerRecord<byte[], byte[]> r = (ProducerRecord<byte[], byte[]>) o[1];
            out.add(r);
        }
        return out;
    }
}
