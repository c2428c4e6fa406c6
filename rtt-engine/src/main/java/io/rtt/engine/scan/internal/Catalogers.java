package io.rtt.engine.scan.internal;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every cataloger the scan runs, in one list.
 */
public final class Catalogers
{
    /** All catalogers; a file goes to each that accepts its name. */
    public static final List<Cataloger> ALL = List.of(
        new PackageJsonCataloger(),
        new NpmLockCataloger(),
        new YarnLockCataloger(),
        new PnpmCataloger(),
        new RequirementsCataloger(),
        new PyprojectCataloger(),
        new PipfileCataloger(),
        new SetupCfgCataloger(),
        new PomCataloger(),
        new GradleCataloger(),
        new GoModCataloger(),
        new CargoCataloger(),
        new CsprojCataloger(),
        new GemfileCataloger(),
        new ComposerCataloger(),
        new ComposeCataloger(),
        new KubernetesCataloger(),
        new DockerfileCataloger(),
        new DotEnvCataloger(),
        new ProtoCataloger());

    private static final int MAX_REMEMBERED_NAMES = 65_536;
    private static final ConcurrentHashMap<String, Boolean> WANTED = new ConcurrentHashMap<>();

    private Catalogers()
    {
    }

    /**
     * Whether any cataloger reads files of this name.
     *
     * @param fileName a file name without directory.
     * @return true if the walk should keep the file.
     */
    public static boolean wanted(final String fileName)
    {
        // File names repeat across a tree (index.js, __init__.py, main.go): ask the catalogers once per name.
        final Boolean known = WANTED.get(fileName);
        if (known != null)
        {
            return known;
        }
        boolean accepted = false;
        for (final Cataloger cataloger : ALL)
        {
            if (cataloger.accepts(fileName))
            {
                accepted = true;
                break;
            }
        }
        if (WANTED.size() < MAX_REMEMBERED_NAMES)
        {
            WANTED.put(fileName, accepted);
        }
        return accepted;
    }
}
