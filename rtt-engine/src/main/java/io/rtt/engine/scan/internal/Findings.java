package io.rtt.engine.scan.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.rtt.engine.model.Dependency;
import io.rtt.engine.model.Diagnostic;
import io.rtt.engine.model.SourceFile;

/**
 * What catalogers found in the files they read, before components and edges are assembled.
 * <p>
 * Not thread-safe: each parsing task fills its own and the scanner merges them.
 */
public final class Findings
{
    final List<PackageManifest> packages = new ArrayList<>();
    final List<Dependency> dependencies = new ArrayList<>();
    final List<Workload> workloads = new ArrayList<>();
    final List<ServiceAlias> serviceAliases = new ArrayList<>();
    final List<DirectoryFact> directoryFacts = new ArrayList<>();
    final List<ProtoService> protoServices = new ArrayList<>();
    final List<ImportHints.Hint> importHints = new ArrayList<>();
    final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<SourceFile> files = new ArrayList<>();

    /**
     * Records a file that was read.
     *
     * @param file the file and its digest.
     */
    public void add(final SourceFile file)
    {
        files.add(file);
    }

    /**
     * The dependencies recorded.
     *
     * @return a view of the dependencies.
     */
    public List<Dependency> dependencies()
    {
        return Collections.unmodifiableList(dependencies);
    }

    /**
     * The diagnostics recorded.
     *
     * @return a view of the diagnostics.
     */
    public List<Diagnostic> diagnostics()
    {
        return Collections.unmodifiableList(diagnostics);
    }

    /**
     * The files read.
     *
     * @return a view of the files.
     */
    public List<SourceFile> files()
    {
        return Collections.unmodifiableList(files);
    }

    /**
     * Records a package manifest.
     *
     * @param manifest the package.
     */
    public void add(final PackageManifest manifest)
    {
        packages.add(manifest);
    }

    /**
     * Records a declared dependency.
     *
     * @param dependency the dependency.
     */
    public void add(final Dependency dependency)
    {
        dependencies.add(dependency);
    }

    /**
     * Records a workload: a compose service or a Kubernetes workload.
     *
     * @param workload the workload.
     */
    public void add(final Workload workload)
    {
        workloads.add(workload);
    }

    /**
     * Records a Kubernetes Service.
     *
     * @param alias the Service.
     */
    public void add(final ServiceAlias alias)
    {
        serviceAliases.add(alias);
    }

    /**
     * Records a fact about a directory's component.
     *
     * @param fact the fact.
     */
    public void add(final DirectoryFact fact)
    {
        directoryFacts.add(fact);
    }

    /**
     * Records a client library imported by an entry point.
     *
     * @param hint the import.
     */
    public void add(final ImportHints.Hint hint)
    {
        importHints.add(hint);
    }

    /**
     * The package manifests recorded.
     *
     * @return a view of the manifests.
     */
    public List<PackageManifest> packages()
    {
        return Collections.unmodifiableList(packages);
    }

    /**
     * Records a gRPC service declaration.
     *
     * @param service the service.
     */
    public void add(final ProtoService service)
    {
        protoServices.add(service);
    }

    /**
     * Records a problem; the scan goes on.
     *
     * @param diagnostic the problem.
     */
    public void add(final Diagnostic diagnostic)
    {
        diagnostics.add(diagnostic);
    }

    /**
     * Records an error in a file.
     *
     * @param file    workspace-relative path.
     * @param line    1-based line, or 0.
     * @param message what is wrong.
     */
    public void error(final String file, final int line, final String message)
    {
        diagnostics.add(new Diagnostic(file, line, Diagnostic.ERROR, message));
    }

    /**
     * Records a note about a file: how it was read, not a problem with it.
     *
     * @param file    workspace-relative path.
     * @param line    1-based line, or 0.
     * @param message what the reader should know.
     */
    public void info(final String file, final int line, final String message)
    {
        diagnostics.add(new Diagnostic(file, line, Diagnostic.INFO, message));
    }

    /**
     * Records a warning about a file.
     *
     * @param file    workspace-relative path.
     * @param line    1-based line, or 0.
     * @param message what is suspicious.
     */
    public void warning(final String file, final int line, final String message)
    {
        diagnostics.add(new Diagnostic(file, line, Diagnostic.WARNING, message));
    }

    /**
     * Moves everything another findings holds into this one.
     *
     * @param other findings of one file.
     */
    public void addAll(final Findings other)
    {
        packages.addAll(other.packages);
        dependencies.addAll(other.dependencies);
        workloads.addAll(other.workloads);
        serviceAliases.addAll(other.serviceAliases);
        directoryFacts.addAll(other.directoryFacts);
        protoServices.addAll(other.protoServices);
        importHints.addAll(other.importHints);
        diagnostics.addAll(other.diagnostics);
        files.addAll(other.files);
    }
}
