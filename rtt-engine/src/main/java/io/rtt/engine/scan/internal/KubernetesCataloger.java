package io.rtt.engine.scan.internal;

import io.rtt.engine.json.LocatedTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.rtt.engine.model.Endpoint;
import io.rtt.engine.model.Evidence;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads Kubernetes manifests (any YAML file whose documents carry {@code apiVersion} and {@code kind}): workloads
 * with their images, labels, ports and literal environment, and Services with their selectors. Helm templates are
 * not rendered and are skipped.
 */
public final class KubernetesCataloger implements Cataloger
{
    private static final YAMLMapper MAPPER = new YAMLMapper();
    private static final Set<String> WORKLOADS =
        Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod");

    private final ComposeCataloger compose = new ComposeCataloger();

    @Override
    public boolean accepts(final String fileName)
    {
        return (fileName.endsWith(".yaml") || fileName.endsWith(".yml")) && !compose.accepts(fileName) &&
            !fileName.startsWith("pnpm-");
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final String text = file.text();
        if (!text.contains("apiVersion") || !text.contains("kind"))
        {
            return; // some other YAML: CI configuration, application settings
        }
        if (text.contains("{{"))
        {
            return; // a Helm or other template: only its rendered output is a manifest
        }
        final String[] lines = text.split("\n", -1);
        int start = 0;
        for (int i = 0; i <= lines.length; i++)
        {
            if (i == lines.length || lines[i].startsWith("---"))
            {
                if (i > start)
                {
                    readDocument(file, findings, String.join("\n", java.util.Arrays.copyOfRange(lines, start, i)),
                        start);
                }
                start = i + 1;
            }
        }
    }

    private static void readDocument(
        final ManifestFile file, final Findings findings, final String text, final int lineOffset)
    {
        if (text.isBlank())
        {
            return;
        }
        final LocatedTree doc;
        try
        {
            doc = LocatedTree.parse(MAPPER, text.getBytes(StandardCharsets.UTF_8));
        }
        catch (final LocatedTree.ParseFailure ex)
        {
            findings.error(file.relativePath(), ex.line() == 0 ? 0 : ex.line() + lineOffset,
                "malformed YAML: " + ex.getMessage());
            return;
        }
        final JsonNode root = doc.tree();
        final String kind = root.path("kind").asString("");
        final String name = root.path("metadata").path("name").asString("");
        if (name.isEmpty())
        {
            return;
        }
        final int line = doc.line("") + lineOffset;
        if ("Service".equals(kind))
        {
            findings.add(new ServiceAlias(name, strings(root.path("spec").path("selector")),
                new Evidence(file.relativePath(), line, "Service " + name)));
        }
        else if (WORKLOADS.contains(kind))
        {
            readWorkload(file, findings, doc, kind, name, lineOffset);
        }
    }

    private static void readWorkload(
        final ManifestFile file,
        final Findings findings,
        final LocatedTree doc,
        final String kind,
        final String name,
        final int lineOffset)
    {
        final String template = switch (kind)
        {
            case "Pod" -> "";
            case "CronJob" -> "/spec/jobTemplate/spec/template";
            default -> "/spec/template";
        };
        final JsonNode pod = doc.tree().at(template);
        final String specPointer = template + "/spec";
        final Map<String, String> labels = strings("Pod".equals(kind) ? doc.tree().at("/metadata/labels") :
            pod.path("metadata").path("labels"));
        final List<Endpoint> endpoints = new ArrayList<>();
        String image = null;
        for (final String group : List.of("containers", "initContainers"))
        {
            final JsonNode containers = doc.tree().at(specPointer + "/" + group);
            for (int c = 0; c < containers.size(); c++)
            {
                final JsonNode container = containers.get(c);
                final String containerPointer = specPointer + "/" + group + "/" + c;
                if (image == null && "containers".equals(group) && container.path("image").isString())
                {
                    image = container.path("image").stringValue();
                }
                final JsonNode env = container.path("env");
                for (int e = 0; e < env.size(); e++)
                {
                    final JsonNode variable = env.get(e);
                    if (variable.path("name").isString() && variable.path("value").isValueNode())
                    {
                        endpoints.add(EnvVariables.endpoint(variable.path("name").stringValue(),
                            variable.path("value").asString(), file.relativePath(),
                            doc.line(containerPointer + "/env/" + e + "/value") + lineOffset));
                    }
                }
                final JsonNode ports = container.path("ports");
                for (int p = 0; p < ports.size(); p++)
                {
                    final JsonNode port = ports.get(p);
                    if (port.path("containerPort").canConvertToInt())
                    {
                        final String number = port.path("containerPort").asString();
                        endpoints.add(new Endpoint(Endpoint.Kind.PORT,
                            port.path("protocol").asString("TCP").toLowerCase(java.util.Locale.ROOT), number,
                            new Evidence(file.relativePath(),
                                doc.line(containerPointer + "/ports/" + p + "/containerPort") + lineOffset,
                                "containerPort: " + number)));
                    }
                }
            }
        }
        findings.add(new Workload(name, List.of(), image, null, labels, endpoints, List.of(),
            new Evidence(file.relativePath(), doc.line("") + lineOffset, kind + " " + name)));
    }

    private static Map<String, String> strings(final JsonNode object)
    {
        final Map<String, String> values = new LinkedHashMap<>();
        for (final Map.Entry<String, JsonNode> entry : object.properties())
        {
            if (entry.getValue().isValueNode())
            {
                values.put(entry.getKey(), entry.getValue().asString());
            }
        }
        return values;
    }
}
