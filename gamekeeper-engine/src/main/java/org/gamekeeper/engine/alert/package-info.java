/**
 * Alert building: turns a rule match (an index entry and its event) into an
 * {@link org.gamekeeper.engine.Alert} with the rule's facts, the details that explain it and the
 * entities incidents group by. Knows events only through {@link org.gamekeeper.engine.Event};
 * evaluates no rule, reads no file, keeps no state across events but each rule's facts.
 */
package org.gamekeeper.engine.alert;
