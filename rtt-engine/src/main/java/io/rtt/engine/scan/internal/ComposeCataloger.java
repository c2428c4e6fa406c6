package io.rtt.engine.scan.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rtt.engine.json.LocatedTree;
import io.rtt.engine.model.Endpoint;
import io.rtt.engine.model.Evidence;
import tools.jackson.databind.JsonNode;

/**
 * Reads docker-compose and compose files: services with their images, the directory they build, ports, environment
 * (with {@code ${VAR}} interpolation and pass-through of bare names from the project's {@code .env}, the one beside
 * the file), depends_on and links.
 * <p>
 * The {@code .env} is read as compose reads it: each value may use the variables set above it. The environment the
 * scan runs in is never read, so the index depends on the workspace alone; a variable the shell would set at
 * {@code docker compose up} is one the scan cannot see.
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
        final ProjectEnv dotEnv = ProjectEnv.read(file);
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
                sourceDirectory(context, service.path("build")),
                Map.of(),
                endpoints(context, service),
                links(context, service),
                new Evidence(file.relativePath(), doc.line(pointer),
                    "compose service " + name + (profiles.isEmpty() ? "" : " (profiles: " + String.join(", ", profiles) + ")"))));
        }
    }

    /**
     * The project's {@code .env}: its workspace-relative path, its assignments, and their values once expanded.
     */
    private record ProjectEnv(String file, Map<String, EnvVariables.Assignment> assignments, Map<String, String> values)
    {
        static ProjectEnv read(final ManifestFile composeFile)
        {
            final Path path = composeFile.path().resolveSibling(".env");
            final Map<String, EnvVariables.Assignment> assignments = new HashMap<>();
            final Map<String, String> values = new HashMap<>();
            for (final EnvVariables.Assignment assignment : EnvVariables.read(path))
            {
                // in file order, as compose expands them: a value sees the variables set above it; a single-quoted
                // one is taken as written
                assignments.put(assignment.name(), assignment);
                values.put(assignment.name(), assignment.literal() ? assignment.value() :
                    substitute(assignment.value(), values, ComposeCataloger::leftForTheShell));
            }
            return new ProjectEnv(composeFile.relative(path), assignments, values);
        }
    }

    private record Context(
        ManifestFile file, LocatedTree doc, Findings findings, ProjectEnv dotEnv, String pointer)
    {
        int line(final String relativePointer)
        {
            return doc.line(pointer + relativePointer);
        }

        String interpolate(final String relativePointer, final String value)
        {
            return substitute(value, dotEnv.values(), variable -> findings.warning(file.relativePath(),
                line(relativePointer), "${" + variable + "} is not set in .env and has no default; left as written"));
        }
    }

    /**
     * A {@code .env} value that names a variable set neither above it nor by a default: the shell compose runs in
     * may set it, so it stays as written and is no finding.
     */
    private static void leftForTheShell(final String variable)
    {
        // compose says nothing either; a value still holding ${...} names no host, so it adds no edge
    }

    /**
     * Expands {@code ${VAR}}, {@code ${VAR-default}} and {@code ${VAR:-default}} from the given variables.
     *
     * @param value     the text as written.
     * @param variables the values known.
     * @param unset     told each variable that has neither a value nor a default, which is left as written.
     * @return the expanded text.
     */
    private static String substitute(final String value, final Map<String, String> variables,
        final Consumer<String> unset)
    {
        final Matcher matcher = VARIABLE.matcher(value);
        final StringBuilder out = new StringBuilder();
        while (matcher.find())
        {
            final String variable = matcher.group(1);
            final String operator = matcher.group(2);
            final String fallback = matcher.group(3) == null ? "" : matcher.group(3);
            String replacement = variables.get(variable);
            if ((replacement == null || (replacement.isEmpty() && ":-".equals(operator))) &&
                operator != null && operator.endsWith("-"))
            {
                replacement = fallback;
            }
            if (replacement == null)
            {
                unset.accept(variable);
                replacement = matcher.group();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
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

    /**
     * The directory whose code a service runs: the directory of the Dockerfile its build names (relative to the
     * build context, as compose reads it), else the build context; {@code null} without a build of the workspace.
     * A build context at the root with {@code dockerfile: src/cart/Dockerfile} builds {@code src/cart}, not the root.
     */
    private static String sourceDirectory(final Context context, final JsonNode build)
    {
        final JsonNode contextNode = build.isObject() ? build.path("context") : build;
        if (!contextNode.isString() && !build.isObject())
        {
            return null;
        }
        final String contextText = contextNode.isString() ?
            context.interpolate(build.isObject() ? "/build/context" : "/build", contextNode.stringValue()) : ".";
        if (contextText.contains("://") || contextText.startsWith("git@"))
        {
            return null; // a remote context: nothing of the workspace is built
        }
        final Path contextPath = context.file.sibling(contextText);
        if (contextPath == null)
        {
            return null;
        }
        final JsonNode dockerfile = build.path("dockerfile");
        if (dockerfile.isString())
        {
            final String name = context.interpolate("/build/dockerfile", dockerfile.stringValue());
            if (name.contains("${"))
            {
                return context.file.relative(contextPath); // unresolved, and said so by the interpolation
            }
            final Path path = context.file.sibling(name.startsWith("/") ? name : contextText + "/" + name);
            if (path != null && Files.isRegularFile(path))
            {
                return context.file.relative(path.getParent());
            }
            context.findings.warning(context.file.relativePath(), context.line("/build/dockerfile"), "dockerfile " +
                name + (path == null ? " is not a path inside the workspace" : " does not exist") +
                "; the service is taken to build its context");
        }
        return context.file.relative(contextPath);
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
                if (variable.getValue().isNull())
                {
                    addPassedThrough(context, endpoints, variable.getKey(), relative);
                }
                else
                {
                    addEnv(context, endpoints, variable.getKey(), variable.getValue().asString(), relative);
                }
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
                if (equals < 0)
                {
                    addPassedThrough(context, endpoints, item.trim(), "/environment/" + i);
                }
                else
                {
                    addEnv(context, endpoints, item.substring(0, equals), item.substring(equals + 1),
                        "/environment/" + i);
                }
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

    /**
     * A variable named without a value ({@code - FLAGD_HOST}, or {@code FLAGD_HOST:} with nothing after it): compose
     * takes its value from the environment it runs in, which it fills from the project's {@code .env}. Set there,
     * the variable has that value, and the evidence names both lines; set nowhere the scan can see, compose leaves
     * it unset in the container, so it is no endpoint (and an address left unset is said so).
     */
    private static void addPassedThrough(
        final Context context, final List<Endpoint> endpoints, final String name, final String relativePointer)
    {
        final EnvVariables.Assignment assignment = context.dotEnv.assignments().get(name);
        if (assignment == null)
        {
            if (Addresses.looksLikeAddress(name))
            {
                context.findings.info(context.file.relativePath(), context.line(relativePointer), name +
                    " is passed through from the environment compose runs in and " + context.dotEnv.file() +
                    " does not set it: unset unless the shell sets it, so it names no component");
            }
            return;
        }
        endpoints.add(EnvVariables.endpoint(name, context.dotEnv.values().get(name), context.file.relativePath(),
            context.line(relativePointer), "passed through from " + context.dotEnv.file() + ":" + assignment.line()));
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
