package io.rtt.engine.panel;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.rtt.engine.fabric.LaneAddress;
import io.rtt.engine.fabric.RouteClient;
import io.rtt.engine.json.Json;
import org.jspecify.annotations.Nullable;

/**
 * Real traffic over a served route, checked: an echo route must return every payload as sent; a redis route must
 * answer {@code ECHO} with the text sent, which changes nothing in the user's data; a sqlite route must store rows and
 * count them back. What {@code rtt up} sends to show the routes working.
 */
public final class Probe
{
    /** How long each request may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Requests in flight at once, at most. */
    static final int WINDOW = 64;

    private Probe()
    {
    }

    /**
     * What a probe did.
     *
     * @param route    the route.
     * @param requests requests sent.
     * @param ok       requests answered as expected.
     * @param failure  the first failure, or null.
     */
    public record Result(String route, int requests, int ok, @Nullable String failure)
    {
    }

    /**
     * Probes one route.
     *
     * @param address  the route's lane.
     * @param driver   its driver: {@code echo}, {@code redis} or {@code sqlite}.
     * @param requests how many requests to send.
     * @return what happened.
     */
    public static Result run(final LaneAddress address, final String driver, final int requests)
    {
        try (RouteClient client = RouteClient.connect(address))
        {
            return switch (driver)
            {
                case "sqlite" -> sqlite(client, requests);
                case "redis" -> echo(client, requests, Echo.REDIS);
                case "postgres" -> echo(client, requests, Echo.POSTGRES);
                default -> echo(client, requests, Echo.PLAIN);
            };
        }
        catch (final RuntimeException ex)
        {
            return new Result(address.route(), requests, 0, ex.getMessage());
        }
    }

    /** How a driver is asked to send a text back, and how its answer shows the text came back. */
    private enum Echo
    {
        /** The echo driver: the text as it is. */
        PLAIN
        {
            @Override
            byte[] request(final String text)
            {
                return text.getBytes(StandardCharsets.UTF_8);
            }

        },
        /** Redis's ECHO, as a command; the answer is a JSON string. */
        REDIS
        {
            @Override
            byte[] request(final String text)
            {
                return Json.MAPPER.writeValueAsBytes(List.of("ECHO", text));
            }

            @Override
            boolean echoed(final String text, final byte[] answer)
            {
                return Arrays.equals(Json.MAPPER.writeValueAsBytes(text), answer);
            }
        },
        /** A query selecting the text as a parameter; the answer is the driver's one row of one text column. */
        POSTGRES
        {
            @Override
            byte[] request(final String text)
            {
                return Json.MAPPER.writeValueAsBytes(Map.of("sql", "select ?::text as echo", "params", List.of(text)));
            }

            @Override
            boolean echoed(final String text, final byte[] answer)
            {
                return Json.MAPPER.readTree(answer).path("rows").equals(Json.MAPPER.valueToTree(List.of(List.of(text))));
            }
        };

        abstract byte[] request(String text);

        /** Whether the answer is the text come back; by default, the request itself. */
        boolean echoed(final String text, final byte[] answer)
        {
            return Arrays.equals(request(text), answer);
        }
    }

    /** Sends texts and expects them back, as the driver echoes them. */
    private static Result echo(final RouteClient client, final int requests, final Echo echo)
    {
        int ok = 0;
        String failure = null;
        final List<String> sent = new ArrayList<>(WINDOW);
        final List<CompletableFuture<byte[]>> answers = new ArrayList<>(WINDOW);
        for (int start = 0; start < requests; start += WINDOW)
        {
            sent.clear();
            answers.clear();
            for (int i = start; i < Math.min(requests, start + WINDOW); i++)
            {
                final String text = "probe " + i + " via " + client.route();
                sent.add(text);
                answers.add(client.request(echo.request(text), TIMEOUT));
            }
            for (int i = 0; i < answers.size(); i++)
            {
                try
                {
                    if (echo.echoed(sent.get(i), answers.get(i).join()))
                    {
                        ok++;
                    }
                    else if (failure == null)
                    {
                        failure = "request " + (start + i) + " came back changed";
                    }
                }
                catch (final CompletionException ex)
                {
                    failure = failure == null ? ex.getCause().toString() : failure;
                }
            }
        }
        return new Result(client.route(), requests, ok, failure);
    }

    private static Result sqlite(final RouteClient client, final int requests)
    {
        int ok = 0;
        String failure = null;
        try
        {
            sql(client, "create table if not exists rtt_probe(id integer primary key, note text)");
            final int before = count(client);
            for (int i = 0; i < requests - 2; i++)
            {
                if (sql(client, "insert into rtt_probe(note) values ('probe " + i + "')").equals("{\"changes\":1}"))
                {
                    ok++;
                }
            }
            final int after = count(client);
            ok += 2;
            if (after - before != requests - 2)
            {
                failure = "counted " + (after - before) + " new rows, inserted " + (requests - 2);
                ok--;
            }
        }
        catch (final CompletionException ex)
        {
            failure = ex.getCause().toString();
        }
        return new Result(client.route(), requests, ok, failure);
    }

    private static int count(final RouteClient client)
    {
        final String rows = sql(client, "select count(*) from rtt_probe");
        // {"columns":["count(*)"],"rows":[[N]]}
        return Integer.parseInt(rows.substring(rows.lastIndexOf("[[") + 2, rows.indexOf("]]")));
    }

    private static String sql(final RouteClient client, final String statement)
    {
        return new String(client.request(statement.getBytes(StandardCharsets.UTF_8), TIMEOUT).join(),
            StandardCharsets.UTF_8);
    }
}
