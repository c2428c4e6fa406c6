package io.rtt.tools;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.prompts.PromptLibrary;
import io.rtt.prompts.PromptTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place tools, resources and prompts are registered, as MCP server specifications any transport can
 * serve. A tool's {@link RttException} becomes an {@code isError} result that says what to do next; only protocol
 * faults stay JSON-RPC errors.
 * <p>
 * Thread-safe: the specifications it builds may be called concurrently.
 */
public final class Toolpack
{
    private static final Logger LOG = LoggerFactory.getLogger(Toolpack.class);

    private final Engine engine;
    private final Map<String, RttTool> tools = new LinkedHashMap<>();
    private final PromptLibrary prompts;
    private final ToolInputs inputs = new ToolInputs();

    /**
     * Creates the toolpack over an engine.
     *
     * @param engine the engine of the served workspace.
     */
    public Toolpack(final Engine engine)
    {
        this.engine = engine;
        this.prompts = PromptLibrary.bundled();
        register(new ScanTool());
        register(new DoctorTool());
        register(new DoctorFixTool());
        register(new PlanTool());
        register(new ApplyTool());
        register(new RollbackTool());
        register(new LogTool());
        register(new RoutesTool());
        register(new PanelTool());
        register(new MetricsTool());
        register(new VerifyTool());
        register(new QueryTool());
        register(new GenerateTool());
    }

    private void register(final RttTool tool)
    {
        if (tools.putIfAbsent(tool.definition().name(), tool) != null)
        {
            throw new IllegalStateException("duplicate tool name: " + tool.definition().name());
        }
    }

    /**
     * The engine the tools run against.
     *
     * @return the engine.
     */
    public Engine engine()
    {
        return engine;
    }

    /**
     * The names of the tools, as clients list them.
     *
     * @return the names, in registration order.
     */
    public List<String> toolNames()
    {
        return List.copyOf(tools.keySet());
    }

    /**
     * What the server offers: tools, resources, prompts and logging.
     *
     * @return the capabilities to announce at initialisation.
     */
    public McpSchema.ServerCapabilities capabilities()
    {
        return McpSchema.ServerCapabilities.builder()
            .tools(false)
            .resources(false, false)
            .prompts(false)
            .logging()
            .build();
    }

    /**
     * The tools, as server specifications.
     *
     * @return one specification per tool, in registration order.
     */
    public List<McpServerFeatures.SyncToolSpecification> tools()
    {
        return tools.values().stream()
            .map(tool -> McpServerFeatures.SyncToolSpecification.builder()
                .tool(tool.definition())
                .callHandler((exchange, request) -> call(tool, exchange, request))
                .build())
            .toList();
    }

    /**
     * The resources, as server specifications.
     *
     * @return the resource specifications.
     */
    public List<McpServerFeatures.SyncResourceSpecification> resources()
    {
        return List.of(new McpServerFeatures.SyncResourceSpecification(
            IndexResource.resource(), (exchange, request) -> IndexResource.read(engine, request.uri())),
            StateResources.wal(engine));
    }

    /**
     * The resource templates: plans by id, and the later pages of the index and the WAL.
     *
     * @return the template specifications.
     */
    public List<McpServerFeatures.SyncResourceTemplateSpecification> resourceTemplates()
    {
        return List.of(StateResources.plans(engine), IndexResource.pages(engine), StateResources.walPages(engine));
    }

    /**
     * The prompts from the bundled prompt library, as server specifications.
     *
     * @return the prompt specifications.
     */
    public List<McpServerFeatures.SyncPromptSpecification> prompts()
    {
        return prompts.templates().stream().map(Toolpack::prompt).toList();
    }

    /**
     * Runs a tool outside any transport, as the CLI and tests do.
     *
     * @param name      the tool's name.
     * @param arguments its arguments.
     * @param progress  where to report progress.
     * @return the tool's result; failures are {@code isError} results.
     * @throws IllegalArgumentException if there is no tool of that name.
     */
    public McpSchema.CallToolResult call(final String name, final Map<String, Object> arguments, final Progress progress)
    {
        final RttTool tool = tools.get(name);
        if (tool == null)
        {
            throw new IllegalArgumentException("unknown tool: " + name);
        }
        return run(tool, new ToolCall(engine, arguments, progress));
    }

    /**
     * Runs a tool for an MCP client: progress and log lines go to the client's session, and the call stops when the
     * client cancels it (the transport puts its {@link Cancellation} in the request's transport context).
     *
     * @return the result, or {@code null} for a cancelled call, which the SDK answers with nothing at all.
     */
    private McpSchema.CallToolResult call(
        final RttTool tool, final McpSyncServerExchange exchange, final McpSchema.CallToolRequest request)
    {
        final String name = tool.definition().name();
        final Object context = exchange.transportContext().get(Cancellation.CONTEXT_KEY);
        final Cancellation cancellation = context instanceof Cancellation c ? c : Cancellation.none();
        final ToolLog log = (level, message) -> notify(name, () -> exchange.loggingNotification(
            McpSchema.LoggingMessageNotification.builder().level(level).logger(name).data(message).build()));
        final Object token = request.progressToken();
        final Progress progress = (done, total, message) ->
        {
            if (token != null)
            {
                notify(name, () -> exchange.progressNotification(
                    new McpSchema.ProgressNotification(token, done, total > 0 ? total : null, message)));
            }
            log.log(McpSchema.LoggingLevel.DEBUG, message);
        };
        try
        {
            final long started = System.nanoTime();
            final McpSchema.CallToolResult result =
                run(tool, new ToolCall(engine, request.arguments(), progress, log, cancellation));
            if (cancellation.cancelled())
            {
                LOG.debug("{} cancelled by the client; answering nothing", name);
                return null;
            }
            log.log(McpSchema.LoggingLevel.INFO, name + (Boolean.TRUE.equals(result.isError()) ? " failed" :
                " answered") + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            return result;
        }
        finally
        {
            cancellation.done();
        }
    }

    /** Sends a notification; a client gone away must not fail the tool. */
    private static void notify(final String tool, final Runnable send)
    {
        try
        {
            send.run();
        }
        catch (final RuntimeException ex)
        {
            LOG.debug("{}: notification not delivered: {}", tool, ex.toString());
        }
    }

    private McpSchema.CallToolResult run(final RttTool tool, final ToolCall call)
    {
        final McpSchema.Tool definition = tool.definition();
        try
        {
            inputs.check(definition, call.arguments());
            return tool.call(call);
        }
        catch (final RttException ex)
        {
            return error(ex.getMessage(), nextStep(ex.kind()));
        }
        catch (final CancellationException ex)
        {
            if (call.cancellation().cancelled())
            {
                return error(definition.name() + " cancelled: " + ex.getMessage(), "call again if still wanted.");
            }
            LOG.error("tool {} failed", definition.name(), ex);
            return error("internal error in " + definition.name() + ": " + ex, nextStep(RttException.Kind.INTERNAL));
        }
        catch (final RuntimeException ex)
        {
            LOG.error("tool {} failed", definition.name(), ex);
            return error("internal error in " + definition.name() + ": " + ex, nextStep(RttException.Kind.INTERNAL));
        }
    }

    private static McpSchema.CallToolResult error(final String message, final String next)
    {
        return McpSchema.CallToolResult.builder()
            .addTextContent(message + "\nNext: " + next)
            .isError(true)
            .build();
    }

    static String nextStep(final RttException.Kind kind)
    {
        return switch (kind)
        {
            case BAD_INPUT -> "correct the arguments (see the tool's input schema) and call again.";
            case REFUSED -> "refused by policy: do what the message says (a path inside the workspace, a plan a " +
                "human signed with trusted keys, a fresh plan); the same call unchanged is refused again.";
            case IO -> "check permissions and free disk space in the workspace, then call again.";
            case INTERNAL -> "this is a bug in RTT; report it with the server's stderr log.";
        };
    }

    private static McpServerFeatures.SyncPromptSpecification prompt(final PromptTemplate template)
    {
        final McpSchema.Prompt prompt = new McpSchema.Prompt(template.name(), template.title(),
            template.description(),
            template.arguments().stream()
                .map(a -> new McpSchema.PromptArgument(a.name(), a.description(), a.required()))
                .toList());
        return new McpServerFeatures.SyncPromptSpecification(prompt, (exchange, request) ->
        {
            final Map<String, String> values = new HashMap<>();
            if (request.arguments() != null)
            {
                request.arguments().forEach((k, v) -> values.put(k, v == null ? null : String.valueOf(v)));
            }
            final String text = template.render(values);
            return new McpSchema.GetPromptResult(template.description(),
                List.of(new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(text))));
        });
    }
}
