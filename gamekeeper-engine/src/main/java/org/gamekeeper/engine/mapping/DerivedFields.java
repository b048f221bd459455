package org.gamekeeper.engine.mapping;

import org.gamekeeper.sigma.SigmaEvent;

/**
 * The fields an event answers without holding them (INTERFACES.md, "Derived"):
 * {@code CommandLineNormalized}, {@code ParentCommandLineNormalized} and
 * {@code ScriptBlockTextNormalized}, each the de-obfuscated form of the field it is named after
 * (on a module-logging event, 4103, which has no script text, {@code ScriptBlockTextNormalized}
 * is that of the commands its {@code Payload} records; on the classic log's engine start, 400, the
 * normalised command line PowerShell was started with: {@link ModulePayload}).
 * Sources ask {@link #isDerived} before their own lookup and compute the value only when a rule
 * reads the name, so events no rule asks about cost nothing.
 */
public final class DerivedFields {
    public static final String COMMAND_LINE = "CommandLineNormalized";
    public static final String PARENT_COMMAND_LINE = "ParentCommandLineNormalized";
    public static final String SCRIPT_BLOCK_TEXT = "ScriptBlockTextNormalized";

    /**
     * For measuring what normalisation costs, never for hunting: with the system property
     * {@code gamekeeper.normalise=false} a derived field is its source field as recorded (the
     * pack's rules then read raw command lines and scripts; {@code pack-speed-bench.sh} runs a
     * hunt so beside the normal one).
     */
    static final boolean NORMALISE = !"false".equals(System.getProperty("gamekeeper.normalise"));

    private DerivedFields() {
    }

    /** True for the names of derived fields (as written, or in another case). Cheap: called on every lookup. */
    public static boolean isDerived(String name) {
        int n = name.length();
        if (n != 21 && n != 25 && n != 27) {
            return false;
        }
        return name.equalsIgnoreCase(COMMAND_LINE) || name.equalsIgnoreCase(SCRIPT_BLOCK_TEXT)
                || name.equalsIgnoreCase(PARENT_COMMAND_LINE);
    }

    /** The value of derived field {@code name} for {@code event}; null when its source field is absent. */
    public static String compute(String name, SigmaEvent event) {
        if (!NORMALISE) {
            return event.field(name.substring(0, name.length() - "Normalized".length()));
        }
        if (name.equalsIgnoreCase(COMMAND_LINE)) {
            return CommandLineNormalizer.normalize(event.field("CommandLine"));
        }
        if (name.equalsIgnoreCase(PARENT_COMMAND_LINE)) {
            return CommandLineNormalizer.normalize(event.field("ParentCommandLine"));
        }
        if (name.equalsIgnoreCase(SCRIPT_BLOCK_TEXT)) {
            String text = event.field("ScriptBlockText");
            if (text != null) {
                return ScriptBlockNormalizer.normalize(text);
            }
            String payload = event.field("Payload");
            if (payload != null) {
                // module logging (4103): the commands its payload records, as typed
                return ScriptBlockNormalizer.normalize(ModulePayload.script(payload));
            }
            // the classic log's engine start (400): the command line PowerShell was started with
            String host = "400".equals(event.field("EventID")) ? ModulePayload.hostApplication(event) : null;
            return host == null ? null : CommandLineNormalizer.normalize(host);
        }
        return null;
    }

    /**
     * One event's derived values, computed once each: the prefilter and every rule that reads a
     * derived field share the computation. Not thread-safe (an event is evaluated by one thread).
     */
    public static final class Memo {
        private String value0;
        private String value1;
        private String value2;
        private byte known;

        /** The value of derived field {@code name} for {@code event}, computed on first use. */
        public String get(String name, SigmaEvent event) {
            int slot = name.length() == 21 ? 0 : name.length() == 25 ? 1 : 2;
            if ((known & (1 << slot)) == 0) {
                String v = compute(name, event);
                if (slot == 0) {
                    value0 = v;
                } else if (slot == 1) {
                    value1 = v;
                } else {
                    value2 = v;
                }
                known |= (byte) (1 << slot);
            }
            return slot == 0 ? value0 : slot == 1 ? value1 : value2;
        }
    }
}
