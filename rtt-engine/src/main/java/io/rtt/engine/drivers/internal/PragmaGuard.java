package io.rtt.engine.drivers.internal;

import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses a statement that gives a value to a pragma the sqlite driver keeps for itself. sqlite-jdbc 3.54 exposes no
 * authorizer and no {@code SQLITE_DBCONFIG_DEFENSIVE}, so the guard reads the statement's head the way SQLite's
 * tokenizer does: comments, blanks and empty statements skipped, {@code EXPLAIN [QUERY PLAN]} (which still applies a
 * flag pragma, at prepare time), {@code PRAGMA [schema.]name}, the name bare or quoted in any of SQLite's four ways,
 * then {@code =} or {@code (} when a value follows. Only the first statement of a request needs reading: the driver
 * prepares that one and SQLite ignores the rest.
 * <p>
 * A pragma read without a value is allowed, whatever it is. With a value, only {@link #SETTABLE} (per-connection
 * behaviour a client may choose) and {@link #QUERIES} (reports whose argument names what to report on) pass. The rest
 * are refused, among them those that corrupt or escape: {@code writable_schema} (lets a statement rewrite
 * {@code sqlite_master}), {@code schema_version}, {@code journal_mode} (OFF or MEMORY lose the database to a crash
 * mid-write) and {@code synchronous}, {@code locking_mode}, {@code temp_store_directory} (files elsewhere),
 * {@code cache_size}, {@code mmap_size}, {@code soft_heap_limit}/{@code hard_heap_limit} (the memory of every
 * database in the process) and {@code busy_timeout} (waits past the statement timeout).
 * <p>
 * Stateless and thread-safe.
 */
final class PragmaGuard
{
    /** Pragmas a request may set: per-connection behaviour that cannot damage the file or reach outside it. */
    static final Set<String> SETTABLE = Set.of("application_id", "case_sensitive_like", "defer_foreign_keys",
        "foreign_keys", "recursive_triggers", "user_version");
    /** Pragmas whose argument names what to report on, or bounds the work: no setting changes. */
    static final Set<String> QUERIES = Set.of("foreign_key_check", "foreign_key_list", "incremental_vacuum",
        "index_info", "index_list", "index_xinfo", "integrity_check", "optimize", "quick_check", "table_info",
        "table_list", "table_xinfo", "wal_checkpoint");

    private static final String SETTABLE_LIST = String.join(", ", new TreeSet<>(SETTABLE));

    private PragmaGuard()
    {
    }

    /**
     * Checks a statement before it is prepared.
     *
     * @param sql the request's SQL.
     * @throws SQLException when its first statement gives a value to a pragma outside {@link #SETTABLE} and
     *                      {@link #QUERIES}, naming the pragma and what may be set.
     */
    static void check(final String sql) throws SQLException
    {
        final Head head = new Head(sql);
        String word = head.word();
        if ("explain".equals(word))
        {
            word = head.word();
            if ("query".equals(word) && "plan".equals(head.word()))
            {
                word = head.word();
            }
        }
        if (!"pragma".equals(word))
        {
            return;
        }
        String name = head.name();
        if (head.symbol('.'))
        {
            name = head.name();
        }
        if (name == null || !(head.symbol('=') || head.symbol('(')) || SETTABLE.contains(name) ||
            QUERIES.contains(name))
        {
            return;
        }
        throw new SQLException("PRAGMA " + name + " with a value is refused: the sqlite driver keeps the database's " +
            "schema, journal, durability and memory settings; a request may set only " + SETTABLE_LIST);
    }

    /** A cursor over a statement's first tokens, past blanks, comments and semicolons. */
    private static final class Head
    {
        private final String sql;
        private int at;

        Head(final String sql)
        {
            this.sql = sql;
        }

        /** The next bare word in lower case, or null when the next token is no bare word. */
        String word()
        {
            skip();
            final int start = at;
            while (at < sql.length() && isIdentifierChar(sql.charAt(at), at == start))
            {
                at++;
            }
            return at == start ? null : lowerAscii(sql.substring(start, at));
        }

        /** The next name, bare or quoted ({@code "x"}, {@code `x`}, {@code [x]}, {@code 'x'}), in lower case. */
        String name()
        {
            skip();
            if (at == sql.length())
            {
                return null;
            }
            final char open = sql.charAt(at);
            final char close = switch (open)
            {
                case '"', '`', '\'' -> open;
                case '[' -> ']';
                default -> 0;
            };
            if (close == 0)
            {
                return word();
            }
            final StringBuilder name = new StringBuilder();
            at++;
            while (at < sql.length())
            {
                final char c = sql.charAt(at++);
                if (c != close)
                {
                    name.append(c);
                }
                else if (close != ']' && at < sql.length() && sql.charAt(at) == close)
                {
                    name.append(c); // a doubled quote stands for itself
                    at++;
                }
                else
                {
                    return lowerAscii(name.toString());
                }
            }
            return null; // unterminated: SQLite refuses it too
        }

        /** Whether the next token is {@code symbol}; consumes it if so. */
        boolean symbol(final char symbol)
        {
            skip();
            if (at < sql.length() && sql.charAt(at) == symbol)
            {
                at++;
                return true;
            }
            return false;
        }

        /** Skips blanks, {@code --} and {@code /* *}{@code /} comments, and the semicolons of empty statements. */
        private void skip()
        {
            while (at < sql.length())
            {
                final char c = sql.charAt(at);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ';')
                {
                    at++;
                }
                else if (sql.startsWith("--", at))
                {
                    final int end = sql.indexOf('\n', at);
                    at = end < 0 ? sql.length() : end + 1;
                }
                else if (sql.startsWith("/*", at))
                {
                    final int end = sql.indexOf("*/", at + 2);
                    at = end < 0 ? sql.length() : end + 2;
                }
                else
                {
                    return;
                }
            }
        }

        /** Lower case as SQLite compares names: ASCII letters only, so no other letter can turn into one. */
        private static String lowerAscii(final String name)
        {
            final char[] chars = name.toCharArray();
            for (int i = 0; i < chars.length; i++)
            {
                if (chars[i] >= 'A' && chars[i] <= 'Z')
                {
                    chars[i] = (char)(chars[i] + ('a' - 'A'));
                }
            }
            return new String(chars);
        }

        /** SQLite's identifier characters: letters, digits (not first), {@code _}, {@code $} (not first), non-ASCII. */
        private static boolean isIdentifierChar(final char c, final boolean first)
        {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80 ||
                !first && (c >= '0' && c <= '9' || c == '$');
        }
    }
}
