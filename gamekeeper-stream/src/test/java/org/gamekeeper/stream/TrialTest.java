package org.gamekeeper.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.Problem;
import org.junit.jupiter.api.Test;

/** {@code stream try} against the real in-process broker: the alerts equal the batch hunt's. */
class TrialTest {

    @Test
    void twoInstancesOnFourPartitionsRaiseTheAlertsOfHuntOnTheSameFiles() throws Exception {
        StreamDetector detector = Corpus.rules();
        List<InputFile> inputs = Corpus.evidence();
        List<Alert> batch = Corpus.hunt(detector, inputs);
        List<Problem> problems = new ArrayList<>();
        Trial.Result r = Trial.run(inputs, detector, 2, 4, problems::add, Duration.ofMinutes(2));
        Map<String, Integer> expected = Corpus.keys(batch);
        assertTrue(batch.size() > 20, "the sample should raise alerts: " + batch.size());
        assertEquals(expected, Corpus.jsonKeys(r.alerts()));
        assertEquals(batch.size(), r.alerts().size());
        assertEquals(0, r.deadLetters());
        assertTrue(r.replay().events() > 1000, "events replayed: " + r.replay().events());
    }
}
