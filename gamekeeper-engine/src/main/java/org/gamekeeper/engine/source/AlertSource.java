package org.gamekeeper.engine.source;

import java.util.function.Consumer;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Problem;

/**
 * A kind of evidence whose findings are alerts rather than events to run rules over (mail, from
 * gamekeeper-mail). A hunt reads it in its turn among the inputs, so its alerts are counted,
 * ordered and written like every other alert.
 */
public interface AlertSource {

    /** True when this source reads {@code in}. */
    boolean reads(InputFile in);

    /** Every alert {@code in} gives, and a problem for each place it could not read; thread-safe. */
    void read(InputFile in, Consumer<Alert> alerts, Consumer<Problem> problems);
}
