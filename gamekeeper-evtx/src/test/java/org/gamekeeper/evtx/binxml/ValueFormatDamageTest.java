package org.gamekeeper.evtx.binxml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values whose bytes are too few for their type (damage) decode as absent, whatever the type. */
class ValueFormatDamageTest {

    @ParameterizedTest(name = "type 0x{0}")
    @ValueSource(ints = {0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x20})
    void aValueTooShortForItsTypeIsAbsentNotACrash(int type) {
        // found by the fuzzer: size_t (0x10) and 0x20 of two bytes threw NullPointerException from a nested ?:
        int size = type == 0x03 || type == 0x04 ? 0 : type == 0x05 || type == 0x06 ? 1 : 2;
        Value v = ValueFormat.decode(new byte[] {1, 2}, 0, size, type, null);
        assertEquals(null, v.value(), "type 0x" + Integer.toHexString(type));
    }
}
