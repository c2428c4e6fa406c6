package io.rtt.engine.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Names and literals in generated code, made from ids: valid in every language, and no id names a path outside the
 * output directory or ends a literal early.
 */
class IdentifiersTest
{
    @Test
    void shouldNameClientsAndDirectoriesSafely()
    {
        assertEquals("LedgerClient", new ClientSpec("p", "g", "worker->ledger", "worker", "ledger", "sqlite", "uds",
            RequestFormat.SQL, ConnectorLanguage.PYTHON, 1, Identifiers.clientWords("worker->ledger", "worker"))
            .typeName());
        assertEquals("my_db_v2", Identifiers.snake(Identifiers.clientWords("api->my-db.v2", "api")));
        assertEquals("R2fa", Identifiers.pascal(Identifiers.words("2fa")));
        assertEquals("rtt.class_", Identifiers.javaPackage("class"));
        assertEquals("_..", Identifiers.directory(".."));
        assertEquals("a_b", Identifiers.directory("a/b"));
        assertEquals("\"a\\\"b\\\\c\\u000a\"", Literals.quoted("a\"b\\c\n", false));
        assertEquals("\"a\\012\"", Literals.quoted("a\n", true));
    }
}
