package io.rtt.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.rtt.engine.RttException;
import io.rtt.engine.json.Json;
import io.rtt.testsupport.PageAssembler;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class PageWriterTest
{
    private static final String DIGEST = "sha256:0123";

    @Test
    void shouldAnswerSmallResultWholeWithoutCursorOrNote()
    {
        final ObjectNode result = Json.MAPPER.createObjectNode().put("root", "/w");
        result.putArray("components").add(component("api", 2));

        final ObjectNode page = PageWriter.page(result, DIGEST, PageRequest.FIRST);

        assertEquals(result, page);
    }

    @Test
    void shouldPageLongListWithinBudgetReachingEveryItemOnce()
    {
        final ObjectNode result = Json.MAPPER.createObjectNode().put("digest", "sha256:abc");
        final ArrayNode components = result.putArray("components");
        for (int i = 0; i < 300; i++)
        {
            components.add(component("service-" + i, 3));
        }
        result.putArray("edges").add(Json.MAPPER.createObjectNode().put("from", "a").put("to", "b"));

        final List<ObjectNode> pages = pages(result, 5_000);

        assertTrue(pages.size() > 10, "pages: " + pages.size());
        assertEquals(Map.of("from", 0, "shown", pages.get(0).get("components").size(), "total", 300),
            map(pages.get(0).at("/truncated/components")));
        final JsonNode last = pages.get(pages.size() - 1).at("/truncated/components");
        assertEquals(300, last.get("from").asInt() + last.get("shown").asInt());
        assertEquals("sha256:abc", pages.get(pages.size() - 1).get("digest").asString());
    }

    @Test
    void shouldCutOversizedItemInsideItsEvidenceAndSayWhatWasLeftOut()
    {
        final ObjectNode result = Json.MAPPER.createObjectNode();
        result.putArray("components").add(component("small", 1)).add(component("huge", 2_000))
            .add(component("after", 1));

        final List<ObjectNode> pages = pages(result, 20_000);

        assertEquals("small", pages.get(0).at("/components/0/id").asString());
        final JsonNode first = pages.get(0).at("/components/1");
        assertEquals("huge", first.get("id").asString(), "a page with room for part of it starts it");
        final JsonNode note = first.at("/truncated/evidence");
        assertEquals(0, note.get("from").asInt());
        assertEquals(2_000, note.get("total").asInt());
        assertEquals(first.get("evidence").size(), note.get("shown").asInt());
        assertTrue(note.get("shown").asInt() < 2_000);
        final JsonNode rest = pages.get(1).at("/components/0");
        assertEquals("huge", rest.get("id").asString(), "the next page continues it");
        assertEquals(note.get("shown").asInt(), rest.at("/truncated/evidence/from").asInt());
    }

    @Test
    void shouldCutLongStringByCharactersWithoutSplittingSurrogatePairs()
    {
        final StringBuilder diff = new StringBuilder();
        for (int i = 0; i < 20_000; i++)
        {
            diff.append(i % 7 == 0 ? "\uD83D\uDE00" : "a\n\"");
        }
        final ObjectNode result = Json.MAPPER.createObjectNode().put("dryRun", true).put("diff", diff.toString());

        final List<ObjectNode> pages = pages(result, 2_000);

        for (final ObjectNode page : pages)
        {
            final String text = page.get("diff").asString();
            assertFalse(!text.isEmpty() && Character.isLowSurrogate(text.charAt(0)), "starts inside a pair");
            assertFalse(!text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1)), "ends in one");
        }
    }

    @Test
    void shouldStopAtLimitOfTopLevelList()
    {
        final ObjectNode result = Json.MAPPER.createObjectNode();
        final ArrayNode components = result.putArray("components");
        for (int i = 0; i < 5; i++)
        {
            components.add(component("p" + i, 0));
        }

        final ObjectNode page = PageWriter.page(result, DIGEST, new PageRequest(null, 20_000, 2));
        final ObjectNode next = PageWriter.page(result, DIGEST,
            new PageRequest(page.get(PageWriter.NEXT_CURSOR).asString(), 20_000, 2));

        assertEquals(2, page.get("components").size());
        assertEquals("p2", next.get("components").get(0).get("id").asString());
    }

    @Test
    void shouldRefuseCursorOfAnotherResultAndMalformedCursor()
    {
        final ObjectNode result = Json.MAPPER.createObjectNode();
        final ArrayNode components = result.putArray("components");
        for (int i = 0; i < 5; i++)
        {
            components.add(component("p" + i, 0));
        }
        final String cursor = PageWriter.page(result, DIGEST, new PageRequest(null, 20_000, 2))
            .get(PageWriter.NEXT_CURSOR).asString();

        final RttException stale = assertThrows(RttException.class,
            () -> PageWriter.page(result, "sha256:other", new PageRequest(cursor, 20_000, 2)));
        final RttException malformed = assertThrows(RttException.class,
            () -> PageWriter.page(result, DIGEST, new PageRequest("bm9wZQ", 20_000, 2)));

        assertEquals("cursor belongs to an earlier result: what it pages changed since; call again without cursor",
            stale.getMessage());
        assertEquals("malformed cursor: bm9wZQ; pass nextCursor exactly as the previous page gave it",
            malformed.getMessage());
    }

    /** Any tree, any budget: no page over it, and the pages put back together are the tree. */
    @Property(tries = 40)
    void shouldNeverExceedBudgetAndAssembleToTheWhole(
        @ForAll final long seed, @ForAll @IntRange(min = 2_000, max = 12_000) final int maxChars)
    {
        final ObjectNode result = (ObjectNode)randomObject(new Random(seed), 0);

        pages(result, maxChars);
    }

    /** Pages through a result, checking each page's budget and that they assemble back to the result. */
    private static List<ObjectNode> pages(final ObjectNode result, final int maxChars)
    {
        final List<ObjectNode> pages = new ArrayList<>();
        final PageAssembler assembler = new PageAssembler();
        String cursor = null;
        do
        {
            final ObjectNode page = PageWriter.page(result, DIGEST, new PageRequest(cursor, maxChars, 1000));
            assertTrue(PageWriter.length(page) <= maxChars, "page of " + PageWriter.length(page) + " > " + maxChars);
            pages.add(page);
            assembler.add(map(page));
            cursor = page.has(PageWriter.NEXT_CURSOR) ? page.get(PageWriter.NEXT_CURSOR).asString() : null;
            assertTrue(pages.size() < 10_000, "paging does not end");
        }
        while (cursor != null);
        assertEquals(null, PageAssembler.firstDifference(map(result), assembler.whole()));
        return pages;
    }

    private static ObjectNode component(final String id, final int evidence)
    {
        final ObjectNode component = Json.MAPPER.createObjectNode().put("id", id).put("name", id).put("kind", "SERVICE");
        component.putArray("endpoints");
        final ArrayNode list = component.putArray("evidence");
        for (int i = 0; i < evidence; i++)
        {
            list.add(Json.MAPPER.createObjectNode().put("file", "compose.yaml").put("line", i)
                .put("seen", "environment " + id + "_VARIABLE_" + i + "=http://" + id + ":8080/path"));
        }
        return component;
    }

    private static JsonNode randomObject(final Random random, final int depth)
    {
        final ObjectNode object = Json.MAPPER.createObjectNode();
        final int fields = 1 + random.nextInt(5);
        for (int i = 0; i < fields; i++)
        {
            object.set("f" + i, randomValue(random, depth + 1));
        }
        return object;
    }

    private static JsonNode randomValue(final Random random, final int depth)
    {
        final int kind = random.nextInt(depth > 3 ? 3 : 5);
        return switch (kind)
        {
            case 0 -> Json.MAPPER.getNodeFactory().numberNode(random.nextInt(1_000_000));
            case 1 -> Json.MAPPER.getNodeFactory().stringNode(randomString(random, random.nextInt(4) == 0 ? 9_000 : 40));
            case 2 -> Json.MAPPER.getNodeFactory().booleanNode(random.nextBoolean());
            case 3 -> randomObject(random, depth);
            default ->
            {
                final ArrayNode array = Json.MAPPER.createArrayNode();
                final int size = random.nextInt(depth <= 2 && random.nextInt(3) == 0 ? 300 : 6);
                for (int i = 0; i < size; i++)
                {
                    final JsonNode element = randomValue(random, depth + 1);
                    // no output holds a list directly in a list; the writer keeps such lists whole
                    array.add(element.isArray() ? Json.MAPPER.createObjectNode().set("list", element) : element);
                }
                yield array;
            }
        };
    }

    private static String randomString(final Random random, final int maxLength)
    {
        final StringBuilder text = new StringBuilder();
        final int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++)
        {
            final int pick = random.nextInt(40);
            text.append(pick == 0 ? "\uD83D\uDE00" : pick == 1 ? "\n" : pick == 2 ? "\"" : pick == 3 ? "\u0001" :
                String.valueOf((char)('a' + pick % 26)));
        }
        return text.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final JsonNode node)
    {
        return Json.MAPPER.convertValue(node, Map.class);
    }
}
