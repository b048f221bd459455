/**
 * The engine: the event model every source produces, the alert model every detection
 * produces, and (in sub-packages) sources, mappings, hunting, detections and incidents.
 * It prints nothing and never exits the process.
 */
package org.gamekeeper.engine;
