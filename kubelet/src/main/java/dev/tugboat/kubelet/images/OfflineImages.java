package dev.tugboat.kubelet.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the images a node needs without a registry, as archives that
 * {@code ctr -n k8s.io images import} loads: pause (the sandbox image), busybox and nginx.
 * Each archive {@code NAME.tar} has a {@code NAME.tar.inputs} record beside it; while the recorded
 * inputs are unchanged the archive is kept, so repeated set-ups cost a few hashes.
 */
public final class OfflineImages {

    private static final Logger LOG = LoggerFactory.getLogger(OfflineImages.class);
    /** Bumped whenever the archive layout or a recipe's code changes what an image contains. */
    private static final String RECIPES_VERSION = "1";

    private final Path outputDir;

    public OfflineImages(Path outputDir) {
        this.outputDir = outputDir.toAbsolutePath();
    }

    public Path pause() throws IOException {
        return build(new PauseImage());
    }

    public Path busybox() throws IOException {
        return build(new BusyboxImage());
    }

    public Path nginx() throws IOException {
        return build(new NginxImage());
    }

    /** Builds (or keeps) all three and returns their archives: pause, busybox, nginx. */
    public List<Path> buildAll() throws IOException {
        long start = System.nanoTime();
        List<Path> archives = new ArrayList<>();
        for (ImageRecipe recipe : List.of(new PauseImage(), new BusyboxImage(), new NginxImage())) {
            archives.add(build(recipe));
        }
        LOG.info("offline images ready in {} after {} ms", outputDir, millisSince(start));
        return archives;
    }

    private Path build(ImageRecipe recipe) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(outputDir);
        Path archive = outputDir.resolve(recipe.name() + ".tar");
        Path stamp = outputDir.resolve(recipe.name() + ".tar.inputs");
        String fingerprint = BuildInputs.fingerprint(RECIPES_VERSION, recipe.name(), recipe.references(),
                recipe.config(), recipe.fingerprint());
        if (Files.isRegularFile(archive) && BuildInputs.unchanged(stamp, fingerprint)) {
            LOG.info("image {} is up to date ({}, checked in {} ms)", recipe.name(), archive, millisSince(start));
            return archive;
        }
        LOG.info("building image {} as {}", recipe.name(), recipe.references());
        Path scratch = Files.createTempDirectory(outputDir, ".build-" + recipe.name() + "-");
        try {
            Rootfs rootfs = new Rootfs(Files.createDirectory(scratch.resolve("rootfs")));
            Path work = Files.createDirectory(scratch.resolve("work"));
            BuildInputs inputs = new BuildInputs(fingerprint);
            recipe.populate(rootfs, work, inputs);
            // The old record goes first: a crash after this point leaves no claim that a stale archive is current.
            Files.deleteIfExists(stamp);
            OciArchive.Written written = OciArchive.write(rootfs.root(), recipe.config(), recipe.references(),
                    "tugboat offline image recipe " + recipe.name(), archive);
            inputs.save(stamp);
            LOG.info("built image {}: {} ({} bytes, manifest {}) in {} ms", recipe.name(), archive,
                    written.archiveSize(), written.manifestDigest(), millisSince(start));
            return archive;
        } finally {
            Rootfs.deleteTree(scratch);
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
