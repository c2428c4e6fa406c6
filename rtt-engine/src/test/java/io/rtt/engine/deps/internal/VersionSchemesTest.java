package io.rtt.engine.deps.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each ecosystem's scheme against examples from its own documentation: node-semver's README, the Cargo book's
 * "Specifying dependencies", Maven's ComparableVersion and version range docs, NuGet's version ranges, Go modules.
 */
class VersionSchemesTest
{
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        // node-semver README: caret, tilde, x-ranges, hyphen ranges, ||
        "npm ; ^1.2.3 ; 1.9.9 ; true", "npm ; ^1.2.3 ; 2.0.0 ; false", "npm ; ^0.2.3 ; 0.2.9 ; true",
        "npm ; ^0.2.3 ; 0.3.0 ; false", "npm ; ~1.2.3 ; 1.2.9 ; true", "npm ; ~1.2.3 ; 1.3.0 ; false",
        "npm ; 1.2.x ; 1.2.7 ; true", "npm ; 1.2.x ; 1.3.0 ; false", "npm ; 1.2.3 - 2.3.4 ; 2.3.4 ; true",
        "npm ; 1.2.3 - 2.3.4 ; 2.3.5 ; false", "npm ; >=1.2.7 <1.3.0 ; 1.2.8 ; true",
        "npm ; 1.2.7 || >=1.2.9 <2.0.0 ; 1.2.8 ; false", "npm ; 1.2.7 || >=1.2.9 <2.0.0 ; 1.4.6 ; true",
        "npm ; * ; 9.9.9 ; true",
        // Cargo book: a bare requirement is a caret requirement
        "cargo ; 1.2.3 ; 1.9.0 ; true", "cargo ; 1.2.3 ; 2.0.0 ; false", "cargo ; 1.2 ; 1.2.0 ; true",
        "cargo ; 0.2.3 ; 0.2.9 ; true", "cargo ; 0.2.3 ; 0.3.0 ; false", "cargo ; ~1.2 ; 1.2.9 ; true",
        "cargo ; ~1.2 ; 1.3.0 ; false", "cargo ; =1.2.3 ; 1.2.4 ; false",
        // Maven: a bare version is a soft requirement for exactly itself; ranges as in the POM reference
        "maven ; 1.0 ; 1.0 ; true", "maven ; 1.0 ; 1.1 ; false", "maven ; [1.0,2.0) ; 1.5 ; true",
        "maven ; [1.0,2.0) ; 2.0 ; false", "maven ; (,1.0] ; 1.0 ; true", "maven ; [1.5,) ; 9 ; true",
        // NuGet: a bare version means this or higher
        "nuget ; 1.0 ; 1.0 ; true", "nuget ; 1.0 ; 3.2 ; true", "nuget ; 1.0 ; 0.9 ; false",
        "nuget ; [1.0,2.0) ; 2.0 ; false", "nuget ; (,1.0] ; 1.0 ; true",
        // Go: a requirement is a minimum; MVS selects the highest required
        "go ; v1.10.7 ; v1.10.9 ; true", "go ; v1.10.9 ; v1.10.7 ; false",
        // PEP 440 through the scheme
        "pypi ; >=5.0,<6 ; 5.9 ; true", "pypi ; ~=2.31 ; 2.32.3 ; true", "pypi ; ==3.2.1 ; 3.2.2 ; false",
    })
    void shouldAllowAsTheEcosystemDocumentsSay(
        final String ecosystem, final String spec, final String version, final boolean allowed)
    {
        final VersionScheme scheme = VersionScheme.of(ecosystem);
        assertEquals(allowed, scheme.parse(spec).allows(version), ecosystem + " " + spec + " allows " + version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"workspace:*", "file:../x", "link:../y", "git+https://github.com/a/b.git",
        "https://example.com/x.tgz", "npm:other@^1", "latest", "github:user/repo"})
    void shouldNotTakeNonVersionSpecifiersForVersions(final String specifier)
    {
        assertNull(VersionScheme.of("npm").parse(specifier));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // Maven ComparableVersion: qualifiers order alpha < beta < milestone < rc < snapshot < release < sp
        "maven | 1.0-alpha-1 | 1.0-beta-1", "maven | 1.0-beta-1 | 1.0-rc-1", "maven | 1.0-rc-1 | 1.0-SNAPSHOT",
        "maven | 1.0-SNAPSHOT | 1.0", "maven | 1.0 | 1.0-sp-1", "maven | 1.0 | 1.0.1", "maven | 1.9 | 1.10",
        "npm | 1.0.0-alpha | 1.0.0", "npm | 1.0.0-alpha | 1.0.0-alpha.1", "npm | 1.0.0-beta.2 | 1.0.0-beta.11",
        "go | v1.2.3 | v1.10.0", "pypi | 1.0rc1 | 1.0", "nuget | 1.0.0-beta | 1.0.0",
    })
    void shouldOrderVersionsAsTheEcosystemDoes(final String ecosystem, final String lower, final String higher)
    {
        assertTrue(VersionScheme.of(ecosystem).order().compare(lower, higher) < 0, lower + " < " + higher);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "npm ; ^1.2.3 || ~2.0.1 ; 1.2.3 2.0.1", "pypi ; >=1.2,<2.0 ; 1.2 2.0", "maven ; [1.0,2.0] ; 1.0 2.0",
    })
    void shouldNameTheVersionsASpecifierMentions(final String ecosystem, final String spec, final String versions)
    {
        assertEquals(List.of(versions.split(" ")), VersionScheme.of(ecosystem).parse(spec).mentioned());
    }
}
