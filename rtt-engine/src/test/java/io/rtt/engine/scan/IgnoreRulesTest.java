package io.rtt.engine.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtt.engine.scan.internal.IgnoreRules;
import io.rtt.engine.scan.internal.IgnoreRules.Match;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IgnoreRulesTest
{
    private static final IgnoreRules RULES = IgnoreRules.parse(String.join("\n",
        "# comment",
        "*.log",
        "!keep.log",
        "/generated",
        "tmp/",
        "docs/**/draft",
        "a/**",
        "\\#literal",
        ""));

    @ParameterizedTest
    @CsvSource({
        "debug.log, false, IGNORED",
        "sub/dir/debug.log, false, IGNORED",
        "keep.log, false, INCLUDED",
        "generated, true, IGNORED",
        "sub/generated, true, NONE",
        "tmp, true, IGNORED",
        "tmp, false, NONE",
        "x/tmp, true, IGNORED",
        "docs/draft, true, IGNORED",
        "docs/a/b/draft, false, IGNORED",
        "a/file.txt, false, IGNORED",
        "#literal, false, IGNORED",
        "package.json, false, NONE",
    })
    void shouldMatchAsGitDoes(final String path, final boolean directory, final Match expected)
    {
        assertEquals(expected, RULES.match(path, directory));
    }
}
