package io.rtt.engine.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The heuristic matcher: what it decides (exact hosts, normalised names, a variable's name, the one datastore of a
 * technology), what it only suggests, and that ties are ambiguous, never a guess.
 */
class HeuristicMatcherTest
{
    private static final Candidate CART = service("cartservice");
    private static final Candidate CATALOG = service("productcatalogservice");
    private static final Candidate MAINDB = new Candidate("maindb", "maindb", List.of("maindb"), "postgres");
    private static final Candidate REPLICA = new Candidate("replica", "replica", List.of("replica"), "postgres");
    private static final Candidate CACHE = new Candidate("cache", "cache", List.of("cache", "redis"), "redis");

    private final SymbolMatcher matcher = new HeuristicMatcher();

    @Test
    void shouldMatchAHostThatACandidateAnswersToExactlyAndRankNothingElse()
    {
        final MatchResult result = matcher.match(Reference.host("Redis"), List.of(CART, CATALOG, CACHE));

        assertEquals(new MatchResult(List.of(new Match("cache", 1.0, "answers to host redis")),
            MatchResult.Decision.MATCHED, "heuristic"), result);
        assertEquals("cache", result.chosen().orElseThrow().candidate());
    }

    @Test
    void shouldMatchADeclaredNameOnceCaseAndSeparatorsAreDropped()
    {
        final Candidate pkg = new Candidate("src/cart-service", "cart-service", List.of("cart-service"), null);

        final MatchResult result = matcher.match(Reference.name("CartService", List.of()), List.of(pkg, CATALOG));

        assertEquals(MatchResult.Decision.MATCHED, result.decision());
        assertEquals(new Match("src/cart-service", 0.95, "normalised name: CartService = cart-service"),
            result.chosen().orElseThrow());
    }

    @Test
    void shouldSuggestCartserviceForCartSvcWithoutDecidingIt()
    {
        final Match suggestion = new Match("cartservice", 0.85, "abbreviation: cart-svc = cartservice");

        final MatchResult asName = matcher.match(Reference.name("cart-svc", List.of()), List.of(CATALOG, CART));
        final MatchResult asHost = matcher.match(Reference.host("cart-svc"), List.of(CATALOG, CART));

        assertEquals(MatchResult.Decision.UNMATCHED, asName.decision());
        assertEquals(suggestion, asName.ranked().get(0));
        assertEquals(MatchResult.Decision.UNMATCHED, asHost.decision());
        assertEquals(suggestion, asHost.ranked().get(0));
        assertTrue(asHost.chosen().isEmpty());
    }

    @Test
    void shouldSuggestAHostWithinASmallEditDistance()
    {
        final Candidate catalog = service("catalog");

        final MatchResult result = matcher.match(Reference.host("catalgo"), List.of(CART, catalog));

        assertEquals(MatchResult.Decision.UNMATCHED, result.decision());
        assertEquals(List.of(new Match("catalog", 0.571, "edit distance 2: catalgo ~ catalog")), result.ranked());
    }

    @Test
    void shouldMatchTheComponentAnAddressVariableNames()
    {
        final List<Candidate> candidates = List.of(CART, CATALOG, service("catalog"));

        final MatchResult result = matcher.match(Reference.variable("PRODUCT_CATALOG_SERVICE_ADDR"), candidates);
        final MatchResult kubernetes = matcher.match(Reference.variable("CARTSERVICE_SERVICE_HOST"), candidates);

        assertEquals(new Match("productcatalogservice", 0.95,
            "PRODUCT_CATALOG_SERVICE_ADDR names productcatalogservice"), result.chosen().orElseThrow());
        assertEquals("cartservice", kubernetes.chosen().orElseThrow().candidate());
    }

    @Test
    void shouldMatchNothingWhenNoCandidateIsLikeTheReference()
    {
        final MatchResult none = matcher.match(Reference.host("db"), List.of());
        final MatchResult unlike = matcher.match(Reference.host("api.stripe.com"), List.of(CART, CATALOG, MAINDB));
        final MatchResult noTechnology = matcher.match(Reference.client("neo4j-driver", "neo4j", Set.of()),
            List.of(CART, MAINDB, CACHE));

        for (final MatchResult result : List.of(none, unlike, noTechnology))
        {
            assertEquals(new MatchResult(List.of(), MatchResult.Decision.UNMATCHED, "heuristic"), result);
        }
    }

    @Test
    void shouldCallATieAmbiguousAndListBothInTheCallersOrder()
    {
        final MatchResult client = matcher.match(Reference.client("pg", "postgres", Set.of()),
            List.of(CART, MAINDB, CACHE, REPLICA));
        final MatchResult name = matcher.match(Reference.name("cart", List.of()), List.of(
            new Candidate("services/cart", "cart", List.of("cart"), null),
            new Candidate("legacy/cart", "cart", List.of("cart"), null)));

        assertEquals(MatchResult.Decision.AMBIGUOUS, client.decision());
        assertEquals(List.of(new Match("maindb", 0.9, "technology postgres"),
            new Match("replica", 0.9, "technology postgres")), client.tied());
        assertTrue(client.chosen().isEmpty());
        assertEquals(MatchResult.Decision.AMBIGUOUS, name.decision());
        assertEquals(List.of("services/cart", "legacy/cart"), name.tied().stream().map(Match::candidate).toList());
    }

    @Test
    void shouldPreferTheDatastoreTheClientAlreadyNames()
    {
        final MatchResult result = matcher.match(Reference.client("pg", "postgres", Set.of("replica")),
            List.of(MAINDB, REPLICA));

        assertEquals(List.of(new Match("replica", 1.0, "technology postgres, already named by the referrer"),
            new Match("maindb", 0.9, "technology postgres")), result.ranked());
        assertEquals("replica", result.chosen().orElseThrow().candidate());
    }

    @Test
    void shouldMatchTheOneDatastoreOfTheClientsTechnology()
    {
        final MatchResult result = matcher.match(Reference.client("redis", "redis", Set.of()),
            List.of(CART, MAINDB, CACHE));

        assertEquals(new Match("cache", 0.9, "technology redis"), result.chosen().orElseThrow());
    }

    @Test
    void shouldPreferTheOwnNameToTheImageName()
    {
        final Candidate web = new Candidate("web-frontend", "web-frontend", List.of("web-frontend"), null);
        final Candidate front = new Candidate("apps/frontend", "frontend-app", List.of("frontend"), null);

        final MatchResult own = matcher.match(Reference.name("frontend", List.of("web-frontend")), List.of(web, front));
        final MatchResult image = matcher.match(Reference.name("site", List.of("web-frontend")), List.of(web, front));

        assertEquals(new Match("apps/frontend", 0.95, "name frontend"), own.chosen().orElseThrow());
        assertEquals(new Match("web-frontend", 0.9, "also known as web-frontend = web-frontend"),
            image.chosen().orElseThrow());
    }

    private static Candidate service(final String id)
    {
        return new Candidate(id, id, List.of(id), null);
    }
}
