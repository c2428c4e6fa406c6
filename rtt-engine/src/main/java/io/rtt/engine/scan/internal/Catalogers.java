package io.rtt.engine.scan.internal;

import java.util.List;

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
        for (final Cataloger cataloger : ALL)
        {
            if (cataloger.accepts(fileName))
            {
                return true;
            }
        }
        return false;
    }
}
