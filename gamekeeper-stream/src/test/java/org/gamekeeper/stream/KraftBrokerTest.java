package org.gamekeeper.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KraftBrokerTest {

    @Test
    void carriesRecordsOnLoopbackAndRemovesItsFolderWhenClosed() throws Exception {
        Path dir;
        List<String> got = new ArrayList<>();
        try (KraftBroker broker = KraftBroker.start()) {
            dir = broker.dataFolder();
            broker.createTopics(Map.of("t", 2));
            try (var p = new KafkaProducer<String, String>(Map.of("bootstrap.servers", broker.bootstrap()),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    p.send(new ProducerRecord<>("t", "k" + i, "v" + i));
                }
            }
            try (var c = new KafkaConsumer<String, String>(Map.of("bootstrap.servers", broker.bootstrap(), "group.id", "g",
                    "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
                c.subscribe(List.of("t"));
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (got.size() < 10 && System.nanoTime() < end) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                        got.add(r.value());
                    }
                }
            }
            assertEquals(true, Files.isDirectory(dir));
        }
        assertEquals(10, got.size());
        assertEquals(10, got.stream().distinct().count());
        assertFalse(Files.exists(dir));
    }
}
