package io.rtt.engine.drivers.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pragma guard reads a statement's head as SQLite does (issue 11: {@code PRAGMA writable_schema=ON} then an
 * update of {@code sqlite_master} corrupted the database for good): every spelling SQLite accepts for a refused
 * pragma is refused, and reads, reports and the settable pragmas pass.
 */
class PragmaGuardTest
{
    @ParameterizedTest
    @ValueSource(strings = {
        "PRAGMA writable_schema=ON",
        "pragma writable_schema = 1",
        "PrAgMa WRITABLE_SCHEMA==yes",
        "pragma writable_schema(1)",
        "pragma writable_schema = RESET",
        "  \t\r\n\fpragma writable_schema=1",
        ";; ;pragma writable_schema=1",
        "-- a comment\npragma writable_schema=1",
        "/* a comment */pragma/**/writable_schema/* x */=1",
        "pragma main.writable_schema=1",
        "pragma \"main\" . \"writable_schema\"=1",
        "pragma \"writable_schema\"=1",
        "pragma `writable_schema`=1",
        "pragma [writable_schema]=1",
        "pragma 'writable_schema'=1",
        "explain pragma writable_schema=1",
        "EXPLAIN QUERY PLAN pragma writable_schema=1",
        "pragma writable_schema=1; select 1",
    })
    void shouldRefuseEverySpellingOfAWritableSchema(final String sql)
    {
        final SQLException ex = assertThrows(SQLException.class, () -> PragmaGuard.check(sql));
        assertEquals("PRAGMA writable_schema with a value is refused: the sqlite driver keeps the database's schema, " +
            "journal, durability and memory settings; a request may set only application_id, case_sensitive_like, " +
            "defer_foreign_keys, foreign_keys, recursive_triggers, user_version", ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "pragma journal_mode=off", "pragma journal_mode = memory", "pragma synchronous=0", "pragma schema_version=7",
        "pragma locking_mode=exclusive", "pragma temp_store_directory='/tmp'", "pragma cache_size=-100000000",
        "pragma mmap_size=1099511627776", "pragma hard_heap_limit=1", "pragma soft_heap_limit=1",
        "pragma busy_timeout=3600000", "pragma ignore_check_constraints=1", "pragma threads=8",
        "pragma no_such_pragma=1", "pragma \"journal_\"\"mode\"=off",
    })
    void shouldRefuseAValueForAPragmaTheDriverKeeps(final String sql)
    {
        assertThrows(SQLException.class, () -> PragmaGuard.check(sql));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select 1", "insert into t values (1)", "pragma writable_schema", "pragma journal_mode",
        "pragma main.synchronous",
        "pragma foreign_keys=on", "pragma main.user_version = 7", "pragma application_id=1",
        "pragma table_info(entries)", "pragma main.index_list('entries')", "pragma integrity_check(10)",
        "pragma wal_checkpoint(truncate)", "explain select 1", "explain query plan select * from t",
        "select 'pragma writable_schema=1'", "select 1; pragma writable_schema=1", "pragma", "",
        "/* unterminated", "pragma \"unterminated", "pragmax writable_schema=1",
    })
    void shouldLetThroughStatementsThatKeepTheDriversSettings(final String sql)
    {
        assertDoesNotThrow(() -> PragmaGuard.check(sql));
    }
}
