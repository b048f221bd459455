package org.gamekeeper.engine.baseline;

import java.util.List;

/**
 * What is rare about one event.
 *
 * @param host         the host, lower case
 * @param observations the rare behaviours, most telling first
 * @param explanation  one sentence per behaviour, for the alert ("wmic.exe started by w3wp.exe on
 *                     ec-exch01: never seen in 41 days of baseline, on 0 of 38 hosts")
 */
public record Finding(String host, List<Observation> observations, String explanation) {
    public Finding {
        observations = List.copyOf(observations);
    }

    /** The facet of the most telling behaviour. */
    public Facet facet() {
        return observations.get(0).facet();
    }
}
