package io.rtt.engine.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest
{
    @Test
    void shouldSortMembersByUtf16CodeUnitsAndDropWhitespace() throws Exception
    {
        // RFC 8785 section 3.2.3 sorting example (property names only).
        final String input = "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew\"," +
            " \"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji\", \"\\u0080\": \"Control\", \"\\u00f6\": \"Latin\"}";

        assertEquals("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"Latin\"," +
            "\"€\":\"Euro Sign\",\"😀\":\"Emoji\",\"\ufb33\":\"Hebrew\"}",
            CanonicalJson.string(Json.MAPPER.readTree(input)));
    }

    @Test
    void shouldMatchRfc8785MainExample() throws Exception
    {
        final String input = "{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001]," +
            " \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\", \"literals\": [null, true, false]}";

        assertEquals("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27]," +
            "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}", CanonicalJson.string(Json.MAPPER.readTree(input)));
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "-0.0, 0",
        "1, 1",
        "-1.5, -1.5",
        "1e21, 1e+21",
        "1e20, 100000000000000000000",
        "0.000001, 0.000001",
        "0.0000001, 1e-7",
        "123456789012345680000, 123456789012345680000",
        "5e-324, 5e-324",
        "1.7976931348623157e308, 1.7976931348623157e+308",
        "9007199254740993, 9007199254740992",
    })
    void shouldFormatNumbersAsEcmaScriptDoes(final double value, final String expected)
    {
        assertEquals(expected, CanonicalJson.number(value));
    }

    @Test
    void shouldRefuseNaN()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> CanonicalJson.number(Double.NaN));
        assertEquals("number not allowed in JSON: NaN", ex.getMessage());
    }

    @Test
    void shouldDigestCanonicalBytesRegardlessOfInputFormatting() throws Exception
    {
        assertEquals(Digests.sha256(Json.MAPPER.readTree("{\"b\":1,\"a\":[true]}")),
            Digests.sha256(Json.MAPPER.readTree("{ \"a\" : [ true ],\n \"b\" : 1 }")));
        assertEquals("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            Digests.sha256("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }
}
