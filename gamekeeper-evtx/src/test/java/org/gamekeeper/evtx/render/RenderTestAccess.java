package org.gamekeeper.evtx.render;

import org.gamekeeper.evtx.binxml.Fragment;

/**
 * For the tests of other packages (test code only): the JSON renderer's two paths, which the
 * library keeps package-private, so its public API need not grow for them.
 */
public final class RenderTestAccess {
    private RenderTestAccess() {
    }

    /** Writes {@code f} through the per-record tree, never a plan. */
    public static void renderTree(Fragment f, JsonOut out) {
        JsonRenderer.renderTree(f, out);
    }

    /** Writes {@code f} with a JSON plan; false (and nothing written) when it cannot be planned. */
    public static boolean renderByPlan(Fragment f, JsonOut out) {
        return JsonPlan.render(f, out);
    }
}
