package org.gamekeeper.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The incidents topic read as a compacted topic is: the latest version of each incident (a
 * tombstone removes one), in order of first evidence (ties by id), as {@code hunt --incidents}
 * writes them.
 */
public final class IncidentVersions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IncidentVersions() {
    }

    /** The latest versions among {@code records} (read in the order written, partition by partition). */
    public static List<byte[]> latest(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, byte[]> latest = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String id = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                latest.remove(id);
            } else {
                latest.put(id, r.value());
            }
        }
        List<Object[]> sorted = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : latest.entrySet()) {
            try {
                JsonNode n = JSON.readTree(e.getValue());
                String t = n.path("first_evidence").asText("");
                sorted.add(new Object[] {t.isEmpty() ? Instant.MAX : Instant.parse(t), e.getKey(), e.getValue()});
            } catch (IOException | RuntimeException bad) {
                throw new IllegalStateException("not an incident on the incidents topic: " + e.getKey(), bad);
            }
        }
        sorted.sort(Comparator.comparing((Object[] o) -> (Instant) o[0]).thenComparing(o -> (String) o[1]));
        List<byte[]> out = new ArrayList<>(sorted.size());
        sorted.forEach(o -> out.add((byte[]) o[2]));
        return out;
    }
}
