package org.gamekeeper.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.gamekeeper.engine.ioc.IocException;
import org.gamekeeper.engine.ioc.IocLibrary;

/** The {@code --ioc FILE} option of {@code hunt} and {@code mail}: the indicator lists, read once, with what was left out said. */
final class IocFiles {
    private IocFiles() {
    }

    /**
     * The indicators of {@code files}, or null when none were given or none were found (warned
     * about); a list that cannot be read is an input error naming the file and line.
     */
    static IocLibrary load(List<Path> files, Consumer<String> warn) {
        if (files == null || files.isEmpty()) {
            return null;
        }
        IocLibrary ioc;
        try {
            ioc = IocLibrary.load(files);
        } catch (IocException e) {
            throw new InputException(e.getMessage());
        }
        for (Map.Entry<String, Integer> sk : ioc.skipped().entrySet()) {
            warn.accept("gamekeeper: " + sk.getValue() + " STIX indicator(s) skipped: " + sk.getKey() + " (only simple equality patterns are read)");
        }
        if (ioc.isEmpty()) {
            warn.accept("gamekeeper: warning: no indicator in " + files);
            return null;
        }
        return ioc;
    }
}
