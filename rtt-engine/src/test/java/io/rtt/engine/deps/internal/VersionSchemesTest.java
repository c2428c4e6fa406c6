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
        "https://example.com/x.tgz", "npm:other", "latest", "github:user/repo"})
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

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        // syncpack's with_node_version cases (crates/syncpack-specifier/src/with_node_version_test.rs): exact,
        // major and minor precision, every range operator, prereleases, workspace ranges and aliases
        "npm ; 1.2.3 ; 2.3.4 ; 2.3.4", "npm ; 1.2.3-alpha ; 2.3.4-beta.1 ; 2.3.4-beta.1", "npm ; 1 ; 2.3.4 ; 2",
        "npm ; ^1 ; 2.3.4 ; ^2", "npm ; >=1 ; 2.3.4 ; >=2", "npm ; 1.2 ; 2.3.4 ; 2.3", "npm ; ^1.2 ; 2.3.4 ; ^2.3",
        "npm ; ~1.2 ; 2.3.4 ; ~2.3", "npm ; ^1.2.3 ; 2.3.4 ; ^2.3.4", "npm ; ~1.2.3 ; 2.3.4 ; ~2.3.4",
        "npm ; >=1.2.3 ; 2.3.4 ; >=2.3.4", "npm ; <=1.2.3 ; 2.3.4 ; <=2.3.4", "npm ; ~1.2.3 ; 2.3.4-rc.2 ; ~2.3.4-rc.2",
        "npm ; npm:foo@1.2.3 ; 2.3.4 ; npm:foo@2.3.4", "npm ; npm:@scope/pkg@^1.2.3 ; 2.3.4 ; npm:@scope/pkg@^2.3.4",
        "npm ; 1.x ; 2.3.4 ; 2.x", "npm ; =1.2.3 ; 2.3.4 ; =2.3.4", "npm ; v1.2.3 ; 2.3.4 ; v2.3.4",
        // the moved specifier must admit the version: a partial one that would not is written in full
        "npm ; ^1.2 ; 1.3.0-beta.1 ; ^1.3.0-beta.1",
        // Cargo: bare (caret), =, ^, ~ and partial requirements
        "cargo ; 1.0.190 ; 1.0.200 ; 1.0.200", "cargo ; 1.28 ; 1.36.0 ; 1.36", "cargo ; =1.2.3 ; 1.4.0 ; =1.4.0",
        "cargo ; ^0.11 ; 0.12.1 ; ^0.12", "cargo ; ~1.2.3 ; 1.2.9 ; ~1.2.9",
        // PEP 440: the operator and the number of release segments stay
        "pypi ; ==3.1.0 ; 3.2.1 ; ==3.2.1", "pypi ; ~=2.31 ; 2.32.3 ; ~=2.32", "pypi ; >=5.0 ; 5.2.1 ; >=5.2",
        "pypi ; ==5.0 ; 5.0.1 ; ==5.0.1", "pypi ; ==1.2.* ; 1.3.5 ; ==1.3.*", "pypi ; ==4.2 ; 5.0 ; ==5.0",
        "pypi ; ==1.0 ; 1.1rc1 ; ==1.1rc1", "pypi ; === 1.0 ; 1.1 ; === 1.1",
        // Maven and NuGet: a bare version and a one-version range
        "maven ; 42.6.0 ; 42.7.3 ; 42.7.3", "maven ; [1.2.3] ; 1.4 ; [1.4]", "nuget ; 8.0.1 ; 8.0.3 ; 8.0.3",
        "nuget ; [8.0.1] ; 8.0.3 ; [8.0.3]",
        // Go: a minimum, moved whole
        "go ; v1.10.7 ; v1.10.9 ; v1.10.9",
    })
    void shouldMoveOnlyTheVersionKeepingTheStyle(
        final String ecosystem, final String spec, final String version, final String moved)
    {
        final VersionScheme scheme = VersionScheme.of(ecosystem);
        assertEquals(moved, scheme.withVersion(scheme.parse(spec), version), ecosystem + " " + spec + " to " + version);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        // styles that name no single version, and bounds that cannot admit the version they would name
        "npm ; * ; 2.3.4", "npm ; >=1.2.3 <2.0.0 ; 1.5.0", "npm ; ^1.0.0 || ^2.0.0 ; 2.3.4",
        "npm ; 1.0.0 - 2.0.0 ; 1.5.0", "npm ; >1.2.3 ; 2.3.4", "npm ; <2.0.0 ; 1.5.0", "cargo ; >=1.2, <1.5 ; 1.3.0",
        "pypi ; >=5.0,<6 ; 5.2",
        "pypi ; !=1.0 ; 1.1", "pypi ; '' ; 1.1", "pypi ; <6 ; 5.2", "maven ; [1.0,2.0) ; 1.5", "nuget ; (,1.0] ; 1.0",
    })
    void shouldNotMoveAStyleThatNamesNoSingleVersion(final String ecosystem, final String spec, final String version)
    {
        final VersionScheme scheme = VersionScheme.of(ecosystem);
        assertNull(scheme.withVersion(scheme.parse(spec), version), ecosystem + " " + spec);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "npm:other@^1 ; other", "npm:@scope/pkg@1.2.3 ; @scope/pkg", "^1.2.3 ; declared", "npm:other ; declared",
    })
    void shouldGroupAnAliasUnderThePackageItInstalls(final String specifier, final String installed)
    {
        assertEquals(installed, VersionScheme.of("npm").installs("declared", specifier));
        assertEquals("declared", VersionScheme.of("cargo").installs("declared", specifier));
    }
}
