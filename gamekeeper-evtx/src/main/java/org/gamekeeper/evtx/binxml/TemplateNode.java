package org.gamekeeper.evtx.binxml;

/**
 * A node of parsed Binary XML: the static structure of a template (or of raw elements outside a
 * template), where values are either static text or substitutions into the template instance's
 * {@link SubstitutionArray}. Immutable; shared by every record of a chunk that uses the template.
 * Public for the renderers and the reader: internal to the library.
 */
public sealed interface TemplateNode {

    /** An element; {@code attributes[i].value} and {@code children} hold the other node kinds. */
    record Element(String name, Attribute[] attributes, TemplateNode[] children) implements TemplateNode { }

    /** An attribute whose value is a sequence of Text, Substitution, CharRef and EntityRef parts. */
    record Attribute(String name, TemplateNode[] value) { }

    /** Literal text (a value token), already decoded. */
    record Text(String text) implements TemplateNode { }

    /**
     * A normal or optional substitution.
     *
     * @param index    position in the template instance's values
     * @param type     declared value type code (array bit included)
     * @param optional an optional substitution whose value is NULL leaves its attribute out
     */
    record Substitution(int index, int type, boolean optional) implements TemplateNode { }

    record CharRef(int codePoint) implements TemplateNode { }

    record EntityRef(String name) implements TemplateNode {
        /** The text the reference stands for: one of XML's five predefined entities, else the reference as written. */
        public String text() {
            switch (name) {
                case "amp": return "&";
                case "lt": return "<";
                case "gt": return ">";
                case "quot": return "\"";
                case "apos": return "'";
                default: return "&" + name + ";";
            }
        }
    }

    record CData(String text) implements TemplateNode { }

    record ProcessingInstruction(String target, String data) implements TemplateNode { }

    /**
     * A fragment rendered in place: a template instance found as element content, or one of
     * several top-level items of a fragment. It carries its own values.
     */
    record NestedFragment(Fragment fragment) implements TemplateNode { }
}
