package org.gamekeeper.evtx.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.gamekeeper.evtx.binxml.NameFolding;
import org.junit.jupiter.api.Test;

/**
 * A list of field names read at once (what an alert explains itself with) gives, for every corpus
 * record, what asking each name gives: with and without a name folding, for names the records
 * have, spell otherwise, have under another template of the same record, or never have.
 */
class EventRecordFieldsTest {

    /** Case and underscores do not matter (as the engine's loose folding). */
    private static final NameFolding LOOSE = n -> n.toLowerCase(Locale.ROOT).replace("_", "");

    private static final String[] NAMES = {"CommandLine", "commandline", "Image", "TargetUserName", "SubjectUserName",
        "Computer", "EventID", "Provider_Name", "providername", "Data", "ProcessId", "ProcessID", "UserData", "ServiceName",
        "ScriptBlockText", "param1", "IpAddress", "Event.System.Channel", "NoSuchField", "TASKNAME", "GrantedAccess"};
    private static final String[] OTHERS = {"Channel", "TargetUserName", "imageloaded", "NoSuchField"};

    @Test
    void aListReadAtOnceGivesWhatEachNameGives() {
        List<String> problems = new ArrayList<>();
        int records = 0;
        int found = 0;
        for (Path p : Corpus.evtxFiles()) {
            for (EventRecord r : Corpus.read(p, true).records) {
                records++;
                for (NameFolding fold : new NameFolding[] {null, LOOSE}) {
                    // two lists in turn, each the same array every time, as callers ask
                    for (String[] names : new String[][] {NAMES, OTHERS}) {
                        String[] all = r.fields(names, fold);
                        String[] each = new String[names.length];
                        for (int i = 0; i < names.length; i++) {
                            each[i] = r.field(names[i], fold);
                            if (each[i] != null) {
                                found++;
                            }
                        }
                        if (!Arrays.equals(each, all) && problems.size() < 5) {
                            problems.add(r + (fold == null ? "" : " (folded)") + ": " + Arrays.toString(all) + " but one by one " + Arrays.toString(each));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(records > 10_000 && found > 100_000, records + " records, " + found + " values found");
    }
}
