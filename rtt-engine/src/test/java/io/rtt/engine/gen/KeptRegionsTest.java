package io.rtt.engine.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import io.rtt.engine.RttException;
import org.junit.jupiter.api.Test;

/**
 * The rtt:keep regions of a generated file: parsed, put back into a fresh rendering, and refused when malformed.
 */
class KeptRegionsTest
{
    private static final String RENDERED = """
        header v2
        # rtt:keep begin imports
        # rtt:keep end
        body v2
            # rtt:keep begin methods
            # default hint
            # rtt:keep end
        """;

    @Test
    void shouldPutEachKeptRegionBackInPlaceOfItsDefault()
    {
        final Map<String, String> kept = KeptRegions.parse("""
            header v1
            # rtt:keep begin imports
            import os
            # rtt:keep end
            body v1, edited by hand
                # rtt:keep begin methods
                def mine(self):
                    return 1
                # rtt:keep end
            """, "f.py");
        assertEquals(Map.of("imports", "import os\n", "methods", "    def mine(self):\n        return 1\n"), kept);
        assertEquals("""
            header v2
            # rtt:keep begin imports
            import os
            # rtt:keep end
            body v2
                # rtt:keep begin methods
                def mine(self):
                    return 1
                # rtt:keep end
            """, KeptRegions.splice(RENDERED, kept, "f.py"));
    }

    @Test
    void shouldKeepAnEmptiedRegionEmptyAndGiveAMissingOneItsDefault()
    {
        assertEquals(RENDERED.replace("    # default hint\n", ""),
            KeptRegions.splice(RENDERED, Map.of("methods", ""), "f.py"));
        assertEquals(RENDERED, KeptRegions.splice(RENDERED, Map.of(), "f.py"));
    }

    @Test
    void shouldRefuseMalformedMarkersNamingTheFileAndLine()
    {
        assertEquals("f.py:3: region 'b' begins inside region 'a' (line 1); close it first with 'rtt:keep end'; " +
            "the file is left as it is (README, \"Generated connectors\")",
            refused("# rtt:keep begin a\nx\n# rtt:keep begin b\n# rtt:keep end\n"));
        assertEquals("f.py:1: 'rtt:keep end' without 'rtt:keep begin <name>' before it; the file is left as it is " +
            "(README, \"Generated connectors\")", refused("# rtt:keep end\n"));
        assertEquals("f.py:2: region 'a' has no 'rtt:keep end'; the file is left as it is (README, \"Generated " +
            "connectors\")", refused("x\n# rtt:keep begin a\ny\n"));
        assertEquals("f.py:3: region 'a' is there twice; the file is left as it is (README, \"Generated " +
            "connectors\")", refused("# rtt:keep begin a\n# rtt:keep end\n# rtt:keep begin a\n# rtt:keep end\n"));
        assertEquals("f.py:1: 'rtt:keep begin' needs a name of letters, digits, '_' or '-'; the file is left as it " +
            "is (README, \"Generated connectors\")", refused("# rtt:keep begin\n# rtt:keep end\n"));
    }

    private static String refused(final String text)
    {
        final RttException refused = assertThrows(RttException.class, () -> KeptRegions.parse(text, "f.py"));
        assertEquals(RttException.Kind.BAD_INPUT, refused.kind());
        return refused.getMessage();
    }
}
