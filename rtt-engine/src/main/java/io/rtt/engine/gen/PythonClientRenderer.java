package io.rtt.engine.gen;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Python connectors: {@code <name>_client.py} beside copies of {@code rtt_frame.py} and {@code rtt_client.py}, so
 * the directory on {@code sys.path} is all a program needs.
 */
final class PythonClientRenderer implements ClientRenderer
{
    @Override
    public ConnectorLanguage language()
    {
        return ConnectorLanguage.PYTHON;
    }

    @Override
    public GeneratedFile client(final ClientSpec spec)
    {
        final boolean redis = spec.format() == RequestFormat.REDIS;
        final Map<String, String> values = ClientRenderer.values(spec, "#", false);
        values.put("deadlineSeconds", ClientRenderer.seconds(spec.deadlineMs()));
        values.put("example", example(spec.format()));
        values.put("imports", redis ? "import base64\n" : "");
        values.put("methods", ClientRenderer.methods("python", spec.format(), "py", values));
        values.put("functions", redis ? Template.resource("python/redis.functions.py.tmpl") : "");
        return new GeneratedFile(Identifiers.snake(spec.words()) + "_client.py",
            Template.fill(Template.resource("python/client.py.tmpl"), values), spec.route());
    }

    @Override
    public List<GeneratedFile> library(final Set<RequestFormat> formats)
    {
        return List.of(ClientRenderer.copy("python/rtt_client.py", "#"),
            ClientRenderer.copy("python/rtt_frame.py", "#"));
    }

    private static String example(final RequestFormat format)
    {
        return switch (format)
        {
            case SQL -> "        rows = client.rows(\"SELECT * FROM entries WHERE id = ?\", [1])";
            case REDIS -> "        client.set(\"greeting\", \"hello\")\n        greeting = client.get(\"greeting\")";
            case CYPHER -> "        answer = client.run(\"MATCH (n) RETURN count(n) AS n\")";
            case RAW -> "        answer = client.call(b\"ping\")";
        };
    }
}
