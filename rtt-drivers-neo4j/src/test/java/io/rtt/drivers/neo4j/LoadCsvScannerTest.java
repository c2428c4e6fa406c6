package io.rtt.drivers.neo4j;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Finding a LOAD CSV clause the way Cypher's lexer reads the text.
 */
class LoadCsvScannerTest
{
    @Test
    void shouldFindLoadCsvInAnyCaseAcrossWhiteSpaceAndComments()
    {
        for (final String cypher : List.of("LOAD CSV FROM 'file:///x' AS l RETURN l",
            "load csv with headers from $url as row return row",
            "MATCH (n) WITH n\nLoAd\t\n Csv FROM $u AS l RETURN l",
            "LOAD/* hidden */CSV FROM $u AS l RETURN l",
            "LOAD // line comment\nCSV FROM $u AS l RETURN l",
            "CALL { LOAD CSV FROM $u AS l RETURN l } RETURN l",
            "RETURN 'it''s' AS a UNION LOAD CSV FROM $u AS l RETURN l",
            "RETURN 'a\\'b' AS s, `x``y` AS t LOAD CSV FROM $u AS l RETURN l"))
        {
            assertTrue(LoadCsvScanner.loadsCsv(cypher), cypher);
        }
    }

    @Test
    void shouldNotFindItInStringsCommentsNamesOrOtherWords()
    {
        for (final String cypher : List.of("RETURN 'LOAD CSV' AS text",
            "RETURN \"load csv\" AS text",
            "RETURN 1 // LOAD CSV",
            "RETURN /* LOAD CSV */ 1",
            "MATCH (`LOAD CSV`) RETURN 1",
            "MATCH (n:Download) SET n.csv = 1 RETURN n",
            "RETURN n.load, csv",
            "WITH 1 AS LOADS CSV_ RETURN 1",
            "RETURN 'unterminated LOAD CSV"))
        {
            assertFalse(LoadCsvScanner.loadsCsv(cypher), cypher);
        }
    }
}
