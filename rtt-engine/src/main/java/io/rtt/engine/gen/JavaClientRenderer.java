package io.rtt.engine.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Java connectors: {@code <Name>Client.java} in package {@code rtt.<component>}, on {@code RouteClient} and the
 * engine's JSON mapper, so the rtt jar (or the io.rtt:rtt-engine artifact) on the class path is all it needs. It
 * speaks shm as well as uds, whichever lane the plan chose.
 */
final class JavaClientRenderer implements ClientRenderer
{
    private static final List<String> IMPORTS = List.of("java.nio.file.Path", "java.time.Duration",
        "java.util.concurrent.CompletionException", "io.rtt.engine.fabric.LaneClosedException",
        "io.rtt.engine.fabric.RouteClient", "io.rtt.engine.fabric.RouteErrorException", "io.rtt.engine.json.Json");

    @Override
    public ConnectorLanguage language()
    {
        return ConnectorLanguage.JAVA;
    }

    @Override
    public GeneratedFile client(final ClientSpec spec)
    {
        final Map<String, String> values = ClientRenderer.values(spec, "//", true);
        values.put("package", Identifiers.javaPackage(spec.component()));
        values.put("imports", imports(spec.format()));
        values.put("example", example(spec.format()));
        values.put("methods", ClientRenderer.methods("java", spec.format(), "java", values));
        return new GeneratedFile(spec.typeName() + ".java",
            Template.fill(Template.resource("java/client.java.tmpl"), values), spec.route());
    }

    @Override
    public List<GeneratedFile> library(final Set<RequestFormat> formats)
    {
        return List.of();
    }

    /** The import lines: the JDK's first, then the rest, each group sorted, as the house style orders them. */
    private static String imports(final RequestFormat format)
    {
        final Set<String> imports = new TreeSet<>(IMPORTS);
        imports.addAll(switch (format)
        {
            case SQL -> List.of("java.util.Arrays", "java.util.List",
                "com.fasterxml.jackson.annotation.JsonIgnoreProperties");
            case REDIS -> List.of("java.util.ArrayList", "java.util.Base64", "java.util.List", "java.util.Map");
            case CYPHER -> List.of("java.util.Map", "tools.jackson.databind.JsonNode");
            case RAW -> List.of();
        });
        final List<String> jdk = new ArrayList<>();
        final List<String> others = new ArrayList<>();
        for (final String name : imports)
        {
            (name.startsWith("java.") ? jdk : others).add("import " + name + ";\n");
        }
        return String.join("", jdk) + "\n" + String.join("", others);
    }

    private static String example(final RequestFormat format)
    {
        return switch (format)
        {
            case SQL -> " *     Result rows = client.query(\"SELECT * FROM entries WHERE id = ?\", 1);";
            case REDIS -> " *     client.set(\"greeting\", \"hello\");\n" +
                " *     String greeting = client.get(\"greeting\");";
            case CYPHER -> " *     JsonNode answer = client.run(\"MATCH (n) RETURN count(n) AS n\", Map.of());";
            case RAW -> " *     byte[] answer = client.call(\"ping\".getBytes(StandardCharsets.UTF_8));";
        };
    }
}
