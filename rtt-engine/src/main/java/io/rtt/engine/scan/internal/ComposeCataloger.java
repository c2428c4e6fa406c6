package io.rtt.engine.scan.internal;

import io.rtt.engine.json.LocatedTree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rtt.engine.model.Endpoint;
import io.rtt.engine.model.Evidence;
import tools.jackson.databind.JsonNode;

/**
 * Reads docker-compose and compose files: services with their images, build contexts, ports, environment (with
 * {@code ${VAR}} interpolation from the {@code .env} beside the file), depends_on and links.
 */
public final class ComposeCataloger implements Cataloger
{
    private static final Pattern FILE_NAME = Pattern.compile("(docker-)?compose(\\.[\\w-]+)?\\.ya?ml");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");
    private static final Pattern CONTAINER_PORT = Pattern.compile("(?:.*:)?(\\d+)(?:-\\d+)?(?:/(tcp|udp))?$");

    @Override
    public boolean accepts(final String fileName)
    {
        return FILE_NAME.matcher(fileName).matches();
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final LocatedTree doc = Documents.yaml(file, findings);
        if (doc == null)
        {
            return;
        }
        final JsonNode services = doc.tree().path("services");
        if (!services.isObject())
        {
            if (!services.isMissingNode())
            {
                findings.error(file.relativePath(), doc.line("/services"), "services is not a mapping");
            }
            return;
        }
        final Map<String, String> dotEnv = new HashMap<>();
        EnvVariables.read(file.path().resolveSibling(".env")).forEach(a -> dotEnv.put(a.name(), a.value()));
        for (final Map.Entry<String, JsonNode> entry : services.properties())
        {
            final String name = entry.getKey();
            final String pointer = "/services/" + LocatedTree.segment(name);
            final JsonNode service = entry.getValue();
            if (!service.isObject())
            {
                findings.error(file.relativePath(), doc.line(pointer), "service " + name + " is not a mapping");
                continue;
            }
            final Context context = new Context(file, doc, findings, dotEnv, pointer);
            final List<String> profiles = new ArrayList<>();
            service.path("profiles").forEach(p -> profiles.add(p.asString()));
            findings.add(new Workload(
                name,
                aliases(service),
                service.path("image").isString() ? context.interpolate("/image", service.path("image").stringValue())
                    : null,
                buildContext(file, service.path("build")),
                Map.of(),
                endpoints(context, service),
                links(context, service),
                new Evidence(file.relativePath(), doc.line(pointer),
                    "compose service " + name + (profiles.isEmpty() ? "" : " (profiles: " + String.join(", ", profiles) + ")"))));
        }
    }

    private record Context(
        ManifestFile file, LocatedTree doc, Findings findings, Map<String, String> dotEnv, String pointer)
    {
        int line(final String relativePointer)
        {
            return doc.line(pointer + relativePointer);
        }

        String interpolate(final String relativePointer, final String value)
        {
            final Matcher matcher = VARIABLE.matcher(value);
            final StringBuilder out = new StringBuilder();
            while (matcher.find())
            {
                final String variable = matcher.group(1);
                final String operator = matcher.group(2);
                final String fallback = matcher.group(3) == null ? "" : matcher.group(3);
                String replacement = dotEnv.get(variable);
                if ((replacement == null || (replacement.isEmpty() && ":-".equals(operator))) &&
                    operator != null && operator.endsWith("-"))
                {
                    replacement = fallback;
                }
                if (replacement == null)
                {
                    findings.warning(file.relativePath(), line(relativePointer),
                        "${" + variable + "} is not set in .env and has no default; left as written");
                    replacement = matcher.group();
                }
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(out);
            return out.toString();
        }
    }

    private static List<String> aliases(final JsonNode service)
    {
        final List<String> aliases = new ArrayList<>();
        for (final String field : List.of("container_name", "hostname"))
        {
            if (service.path(field).isString())
            {
                aliases.add(service.path(field).stringValue());
            }
        }
        for (final JsonNode network : service.path("networks"))
        {
            for (final JsonNode alias : network.path("aliases"))
            {
                aliases.add(alias.asString());
            }
        }
        return aliases;
    }

    private static String buildContext(final ManifestFile file, final JsonNode build)
    {
        final JsonNode context = build.isObject() ? build.path("context") : build;
        if (!context.isString())
        {
            return build.isObject() ? file.directory() : null;
        }
        final Path resolved = file.sibling(context.stringValue());
        return resolved == null ? null : file.relative(resolved);
    }

    private static List<Endpoint> endpoints(final Context context, final JsonNode service)
    {
        final List<Endpoint> endpoints = new ArrayList<>();
        for (final String field : List.of("ports", "expose"))
        {
            final JsonNode ports = service.path(field);
            for (int i = 0; i < ports.size(); i++)
            {
                final JsonNode port = ports.get(i);
                final String relative = "/" + field + "/" + i;
                final String text = port.isObject() ? port.path("target").asString() +
                    (port.has("protocol") ? "/" + port.path("protocol").asString() : "") :
                    context.interpolate(relative, port.asString());
                final Matcher matcher = CONTAINER_PORT.matcher(text);
                if (!matcher.matches())
                {
                    context.findings.error(context.file.relativePath(), context.line(relative),
                        "not a port: " + text);
                    continue;
                }
                endpoints.add(new Endpoint(Endpoint.Kind.PORT, matcher.group(2) == null ? "tcp" : matcher.group(2),
                    matcher.group(1), new Evidence(context.file.relativePath(), context.line(relative),
                    field + ": " + port.asString(text))));
            }
        }
        final JsonNode envFiles = service.path("env_file");
        final List<String> envFileNames = new ArrayList<>();
        if (envFiles.isString())
        {
            envFileNames.add(envFiles.stringValue());
        }
        envFiles.forEach(f -> envFileNames.add(f.isObject() ? f.path("path").asString() : f.asString()));
        for (final String envFile : envFileNames)
        {
            final Path path = context.file.sibling(envFile);
            if (path == null || !java.nio.file.Files.isRegularFile(path))
            {
                context.findings.warning(context.file.relativePath(), context.line("/env_file"), "env_file " +
                    envFile + (path == null ? " is not a path inside the workspace" : " does not exist"));
                continue;
            }
            final String relative = context.file.relative(path);
            final List<EnvVariables.Assignment> assignments = EnvVariables.read(path);
            for (final EnvVariables.Assignment a : assignments)
            {
                endpoints.add(EnvVariables.endpoint(a.name(), context.interpolate("/env_file", a.value()), relative,
                    a.line()));
            }
        }
        final JsonNode environment = service.path("environment");
        if (environment.isObject())
        {
            for (final Map.Entry<String, JsonNode> variable : environment.properties())
            {
                final String relative = "/environment/" + LocatedTree.segment(variable.getKey());
                if (notScalar(context, variable.getValue(), relative, "environment variable " + variable.getKey()))
                {
                    continue;
                }
                addEnv(context, endpoints, variable.getKey(),
                    variable.getValue().isNull() ? "" : variable.getValue().asString(), relative);
            }
        }
        else
        {
            for (int i = 0; i < environment.size(); i++)
            {
                if (notScalar(context, environment.get(i), "/environment/" + i, "environment entry " + i))
                {
                    continue;
                }
                final String item = environment.get(i).asString();
                final int equals = item.indexOf('=');
                addEnv(context, endpoints, equals < 0 ? item : item.substring(0, equals),
                    equals < 0 ? "" : item.substring(equals + 1), "/environment/" + i);
            }
        }
        return endpoints;
    }

    /**
     * Whether an environment value is a list or a mapping, which compose refuses (a value is a string, a number, a
     * boolean or null): it is reported where it stands and passed over, so the rest of the file still counts.
     */
    private static boolean notScalar(final Context context, final JsonNode value, final String relativePointer,
        final String what)
    {
        if (value.isContainer())
        {
            context.findings.warning(context.file.relativePath(), context.line(relativePointer), what + " is a " +
                (value.isArray() ? "list" : "mapping") + ", not a value: compose takes a string, a number, a " +
                "boolean or null (is a key such as depends_on indented under environment?); passed over");
            return true;
        }
        return false;
    }

    private static void addEnv(
        final Context context,
        final List<Endpoint> endpoints,
        final String name,
        final String rawValue,
        final String relativePointer)
    {
        endpoints.add(EnvVariables.endpoint(name, context.interpolate(relativePointer, rawValue),
            context.file.relativePath(), context.line(relativePointer)));
    }

    private static List<Workload.Link> links(final Context context, final JsonNode service)
    {
        final List<Workload.Link> links = new ArrayList<>();
        final JsonNode dependsOn = service.path("depends_on");
        if (dependsOn.isObject())
        {
            for (final Map.Entry<String, JsonNode> target : dependsOn.properties())
            {
                links.add(link(context, target.getKey(), "/depends_on/" + LocatedTree.segment(target.getKey()),
                    "depends_on: "));
            }
        }
        else
        {
            for (int i = 0; i < dependsOn.size(); i++)
            {
                links.add(link(context, dependsOn.get(i).asString(), "/depends_on/" + i, "depends_on: "));
            }
        }
        final JsonNode linksNode = service.path("links");
        for (int i = 0; i < linksNode.size(); i++)
        {
            final String text = linksNode.get(i).asString();
            final int colon = text.indexOf(':');
            links.add(link(context, colon < 0 ? text : text.substring(0, colon), "/links/" + i, "links: "));
        }
        return links;
    }

    private static Workload.Link link(
        final Context context, final String target, final String relativePointer, final String label)
    {
        return new Workload.Link(target,
            new Evidence(context.file.relativePath(), context.line(relativePointer), label + target));
    }
}
