package io.rtt.engine.gen;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Node.js connectors (ES modules): {@code <name>-client.mjs} beside copies of {@code rtt-frame.mjs} and
 * {@code rtt-client.mjs}, which it imports by relative path.
 */
final class NodeClientRenderer implements ClientRenderer
{
    @Override
    public ConnectorLanguage language()
    {
        return ConnectorLanguage.NODE;
    }

    @Override
    public GeneratedFile client(final ClientSpec spec)
    {
        final Map<String, String> values = ClientRenderer.values(spec, "//", false);
        values.put("example", example(spec.format()));
        values.put("methods", ClientRenderer.methods("node", spec.format(), "mjs", values));
        values.put("functions", spec.format() == RequestFormat.REDIS ?
            Template.resource("node/redis.functions.mjs.tmpl") : "");
        return new GeneratedFile(Identifiers.kebab(spec.words()) + "-client.mjs",
            Template.fill(Template.resource("node/client.mjs.tmpl"), values), spec.route());
    }

    @Override
    public List<GeneratedFile> library(final Set<RequestFormat> formats)
    {
        return List.of(ClientRenderer.copy("node/rtt-client.mjs", "//"),
            ClientRenderer.copy("node/rtt-frame.mjs", "//"));
    }

    private static String example(final RequestFormat format)
    {
        return switch (format)
        {
            case SQL -> "   const rows = await client.rows('SELECT * FROM entries WHERE id = ?', [1]);";
            case REDIS -> "   await client.set('greeting', 'hello');\n" +
                "//   const greeting = await client.get('greeting');";
            case CYPHER -> "   const answer = await client.run('MATCH (n) RETURN count(n) AS n');";
            case RAW -> "   const answer = await client.call(new TextEncoder().encode('ping'));";
        };
    }
}
