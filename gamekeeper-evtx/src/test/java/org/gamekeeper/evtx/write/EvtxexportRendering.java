package org.gamekeeper.evtx.write;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.gamekeeper.evtx.binxml.Value;
import org.gamekeeper.evtx.binxml.ValueType;
import org.gamekeeper.evtx.binxml.XmlNode;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What evtxexport (libevtx 20181227) prints for an event, as one canonical line per tree, so a
 * written event and libevtx's reading of it can be compared whole: every System field, every
 * EventData/UserData name and value, nested Binary XML included.
 *
 * <p>Where libevtx's text is not what Windows shows, the expectation follows libevtx and says
 * why here (the bytes written are Windows' own; see ValueEncoder):
 * <ul>
 * <li>negative signed integers: libevtx prints the sign and then the value without its sign bit
 *     ({@code -5} as Int8 prints {@code -123}; the minimum, {@code -128}, prints right);</li>
 * <li>size_t: printed in decimal, not as hexadecimal;</li>
 * <li>a string that is one {@code <}, {@code >} or {@code &} alone makes libevtx skip the record;</li>
 * <li>ANSI strings are printed without XML escaping, so samples keep {@code <}, {@code &} out of them;</li>
 * <li>an element whose content is a NULL optional substitution is left out, as is an attribute
 *     whose value is NULL;</li>
 * <li>floating point: printed with six decimals of the mantissa, but a value needing more than
 *     seven significant digits is rounded inconsistently, so samples stay within seven;</li>
 * <li>EvtHandle (0x20), EvtXml (0x23), arrays of SIDs (0x93) and character references: libevtx
 *     refuses the record; they are pinned as refused in EvtxWriterLibevtxTest and checked on the
 *     bytes in EvtxWriterStructureTest;</li>
 * <li>CDATA: printed in place of the element holding it.</li>
 * </ul>
 */
final class EvtxexportRendering {

    private EvtxexportRendering() {
    }

    /** The canonical form of an event as libevtx should render it. */
    static String expected(XmlNode.Element event) {
        StringBuilder sb = new StringBuilder();
        for (String s : expectedElements(event)) {
            sb.append(s);
        }
        return sb.toString();
    }

    private static List<String> expectedElements(XmlNode.Element e) {
        // The JDK's DOM keeps attributes sorted by name, so the expectation sorts them too.
        java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
        for (XmlNode.Attribute a : e.attributes()) {
            StringBuilder v = new StringBuilder();
            boolean present = a.value().isEmpty();
            for (XmlNode part : a.value()) {
                if (part instanceof Value value) {
                    List<String> texts = texts(value);
                    if (!texts.isEmpty()) {
                        present = true;
                        v.append(String.join("", texts));
                    }
                } else {
                    throw new IllegalArgumentException("not compared through libevtx: " + part);
                }
            }
            if (present) {
                sorted.put(a.name(), v.toString());
            }
        }
        StringBuilder attributes = new StringBuilder();
        sorted.forEach((name, v) -> attributes.append(' ').append(name).append("=\"").append(v).append('"'));
        // An element holding just an array is repeated once per item; one holding NULL is left out.
        if (e.children().size() == 1 && e.children().get(0) instanceof Value only
                && only.type() != ValueType.BIN_XML) {
            List<String> texts = texts(only);
            List<String> out = new ArrayList<>();
            for (String t : texts) {
                out.add("<" + e.name() + attributes + ">" + t + "</>");
            }
            return out;
        }
        StringBuilder sb = new StringBuilder();
        sb.append('<').append(e.name()).append(attributes).append('>');
        for (XmlNode child : e.children()) {
            if (child instanceof XmlNode.Element c) {
                expectedElements(c).forEach(sb::append);
            } else if (child instanceof Value v && v.type() == ValueType.BIN_XML) {
                expectedElements((XmlNode.Element) v.value()).forEach(sb::append);
            } else if (child instanceof Value v) {
                texts(v).forEach(sb::append);
            } else {
                throw new IllegalArgumentException("not compared through libevtx: " + child);
            }
        }
        return List.of(sb.append("</>").toString());
    }

    /** Compares the written event with libevtx's reading, pointing at the first difference. */
    static void assertSame(XmlNode.Element written, org.w3c.dom.Element read, String what) {
        String e = expected(written);
        String a = actual(read);
        if (!e.equals(a)) {
            int i = 0;
            while (i < e.length() && i < a.length() && e.charAt(i) == a.charAt(i)) {
                i++;
            }
            int from = Math.max(0, i - 120);
            org.junit.jupiter.api.Assertions.fail(what + ": libevtx differs at " + i + "\n written: ..."
                    + e.substring(from, Math.min(e.length(), i + 80)) + "\n read:    ..." + a.substring(from, Math.min(a.length(), i + 80)));
        }
    }

    /** The canonical form of an element evtxexport printed. */
    static String actual(org.w3c.dom.Element e) {
        StringBuilder sb = new StringBuilder();
        sb.append('<').append(e.getTagName());
        java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
        for (int i = 0; i < e.getAttributes().getLength(); i++) {
            Node a = e.getAttributes().item(i);
            sorted.put(a.getNodeName(), a.getNodeValue());
        }
        sorted.forEach((name, v) -> sb.append(' ').append(name).append("=\"").append(v).append('"'));
        sb.append('>');
        NodeList children = e.getChildNodes();
        boolean hasElements = false;
        for (int i = 0; i < children.getLength(); i++) {
            hasElements |= children.item(i) instanceof org.w3c.dom.Element;
        }
        for (int i = 0; i < children.getLength(); i++) {
            Node c = children.item(i);
            if (c instanceof org.w3c.dom.Element ce) {
                sb.append(actual(ce));
            } else if (!hasElements && (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE)) {
                sb.append(c.getNodeValue());
            }
        }
        return sb.append("</>").toString();
    }

    /** libevtx's text for each item of a value; empty for NULL. */
    static List<String> texts(Value v) {
        if (v.type() == ValueType.NULL) {
            return List.of();
        }
        if (!v.array()) {
            return List.of(one(v.type(), v.value()));
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) v.value()) {
            out.add(one(v.type(), o));
        }
        return out;
    }

    private static String one(ValueType type, Object o) {
        switch (type) {
            case STRING: case ANSI_STRING: case SID:
                return (String) o;
            case INT8: return signed(((Number) o).longValue(), 8);
            case INT16: return signed(((Number) o).longValue(), 16);
            case INT32: return signed(((Number) o).longValue(), 32);
            case INT64: return signed(((Number) o).longValue(), 64);
            case UINT8: return Long.toString(((Number) o).longValue() & 0xff);
            case UINT16: return Long.toString(((Number) o).longValue() & 0xffff);
            case UINT32: return Long.toString(((Number) o).longValue() & 0xffffffffL);
            case UINT64: case SIZE_T: return Long.toUnsignedString(((Number) o).longValue());
            case HEX_INT32: return "0x" + pad(Long.toHexString(((Number) o).longValue() & 0xffffffffL), 8);
            case HEX_INT64: return "0x" + pad(Long.toHexString(((Number) o).longValue()), 16);
            case REAL32: return real(((Number) o).floatValue());
            case REAL64: return real(((Number) o).doubleValue());
            case BOOL: return ((Boolean) o) ? "true" : "false";
            case BINARY: return HexFormat.of().withUpperCase().formatHex((byte[]) o);
            case GUID: return "{" + ((UUID) o).toString().toUpperCase(Locale.ROOT) + "}";
            case FILETIME: return filetime((Instant) o);
            case SYSTEMTIME: return systemtime((Instant) o);
            default: throw new IllegalArgumentException("libevtx does not render " + type);
        }
    }

    private static String signed(long v, int bits) {
        if (v >= 0) {
            return Long.toString(v);
        }
        long magnitudeMask = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long magnitude = v & magnitudeMask;
        // the type's minimum has no bits below the sign: libevtx prints its true magnitude
        return "-" + (magnitude == 0 ? Long.toUnsignedString(1L << (bits - 1)) : Long.toString(magnitude));
    }

    private static String pad(String hex, int width) {
        return "0".repeat(Math.max(0, width - hex.length())) + hex;
    }

    /**
     * %e with a three-digit exponent, as libevtx prints floating point values (values with more
     * than seven significant digits are not compared: libevtx rounds those inconsistently).
     */
    static String real(double d) {
        Object rounded = d == 0 || Double.isNaN(d) || Double.isInfinite(d) ? (Object) d
                : new java.math.BigDecimal(d).round(new java.math.MathContext(7, java.math.RoundingMode.HALF_EVEN));
        String s = String.format(Locale.ROOT, "%.6e", rounded);
        int e = s.indexOf('e');
        String mantissa = s.substring(0, e + 2);
        String exponent = s.substring(e + 2);
        return mantissa + pad(exponent, 3);
    }

    private static String filetime(Instant t) {
        LocalDateTime d = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d.%07d00Z", d.getYear(), d.getMonthValue(),
                d.getDayOfMonth(), d.getHour(), d.getMinute(), d.getSecond(), d.getNano() / 100);
    }

    private static String systemtime(Instant t) {
        LocalDateTime d = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.getYear(), d.getMonthValue(),
                d.getDayOfMonth(), d.getHour(), d.getMinute(), d.getSecond(), d.getNano() / 1_000_000);
    }
}
