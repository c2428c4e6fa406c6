import java.nio.file.Path;
import java.util.List;

import io.rtt.engine.fabric.RouteErrorException;
import io.rtt.engine.json.Json;
import rtt.shop.LedgerClient;

/**
 * Drives a generated Java connector against a served sqlite route; compiled and run by GeneratedConnectorsTest.
 */
public final class Check
{
    private Check()
    {
    }

    /**
     * @param workspace the workspace whose panel serves the route.
     * @return the lines the other languages' checks print.
     */
    public static String run(final String workspace)
    {
        final StringBuilder out = new StringBuilder();
        try (LedgerClient ledger = new LedgerClient(Path.of(workspace)))
        {
            ledger.query("CREATE TABLE java_items(id INTEGER PRIMARY KEY, name TEXT)");
            final List<LedgerClient.Result> results = ledger.transaction(List.of(
                LedgerClient.Statement.of("INSERT INTO java_items VALUES (?, ?)", 1, "one"),
                LedgerClient.Statement.of("INSERT INTO java_items VALUES (?, ?)", 2, "two")));
            out.append("tx ").append(results.get(0).changes()).append(results.get(1).changes()).append('\n');
            out.append("rows ").append(Json.MAPPER.writeValueAsString(
                ledger.query("SELECT id, name FROM java_items WHERE id >= ? ORDER BY id", 1).rows())).append('\n');
            try
            {
                ledger.query("SELECT * FROM nowhere");
                out.append("no error\n");
            }
            catch (final RouteErrorException ex)
            {
                out.append("error ").append(ex.getMessage()).append('\n');
            }
            out.append("deadline ").append(LedgerClient.DEADLINE.toMillis()).append(" ms\n");
        }
        return out.toString();
    }
}
