package io.rtt.engine.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.rtt.engine.deps.internal.Pep440;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PEP 440's own examples: normalisation, the ordering of its summary example, and specifier semantics.
 */
class Pep440Test
{
    @ParameterizedTest
    @CsvSource({
        "1.0-a1, 1.0a1", "1.0alpha1, 1.0a1", "1.0.beta.2, 1.0b2", "1.0c1, 1.0rc1", "1.0pre, 1.0rc0",
        "1.0-1, 1.0.post1", "1.0.rev2, 1.0.post2", "1.0-r, 1.0.post0", "1.0-dev, 1.0.dev0", "v1.0, 1.0",
        "1!2.0, 1!2.0", "1.0+ubuntu-1, 1.0+ubuntu.1", "1.0.0, 1.0.0",
    })
    void shouldNormaliseAlternateSpellings(final String written, final String normal)
    {
        assertEquals(normal, Pep440.parse(written).toString());
    }

    @Test
    void shouldOrderAsThePepSummaryExample()
    {
        final List<String> ordered = List.of("1.dev0", "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456",
            "1.0a12", "1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1",
            "1.0", "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1");
        for (int i = 1; i < ordered.size(); i++)
        {
            assertTrue(Pep440.parse(ordered.get(i - 1)).compareTo(Pep440.parse(ordered.get(i))) < 0,
                ordered.get(i - 1) + " < " + ordered.get(i));
        }
        assertEquals(0, Pep440.parse("1.0").compareTo(Pep440.parse("1.0.0")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2.2 | ~=2.2 | true", "2.9 | ~=2.2 | true", "3.0 | ~=2.2 | false", "2.1 | ~=2.2 | false",
        "1.4.5 | ~=1.4.5 | true", "1.4.9 | ~=1.4.5 | true", "1.5.0 | ~=1.4.5 | false",
        "1.1.post1 | ==1.1 | false", "1.1.post1 | ==1.1.post1 | true", "1.1.post1 | ==1.1.* | true",
        "1.1.0 | ==1.1 | true", "1.1a1 | ==1.1.* | false", "1.2 | !=1.1.* | true", "1.1.3 | !=1.1.* | false",
        "1.7.1 | >1.7 | true", "1.7.0.post1 | >1.7 | false", "1.7.1 | >1.7.post2 | true",
        "1.7.0.post3 | >1.7.post2 | true", "1.7.0 | >1.7.post2 | false",
        "1.7.0rc1 | <1.7 | false", "1.6.9 | <1.7 | true", "2.0 | >=1.0,<2.0 | false", "1.9.9 | >=1.0,<2.0 | true",
        "1.0+local.7 | ==1.0 | true", "2.0b1 | >=1.0 | false", "2.0b1 | >=2.0b1 | true",
    })
    void shouldMatchSpecifiersAsThePepSays(final String version, final String specifier, final boolean allowed)
    {
        assertEquals(allowed, Pep440.satisfies(Pep440.parse(version), specifier), version + " in " + specifier);
    }

    @Test
    void shouldRejectNonVersionsAndMalformedClauses()
    {
        assertNull(Pep440.parse("banana"));
        assertEquals("not a PEP 440 specifier clause: ^1.2",
            assertThrows(IllegalArgumentException.class, () -> Pep440.satisfies(Pep440.parse("1.2"), "^1.2"))
                .getMessage());
        assertEquals("~= needs at least two release segments: 1",
            assertThrows(IllegalArgumentException.class, () -> Pep440.satisfies(Pep440.parse("1.2"), "~=1"))
                .getMessage());
    }
}
