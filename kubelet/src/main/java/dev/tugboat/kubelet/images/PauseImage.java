package dev.tugboat.kubelet.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The sandbox image: our own pause program, compiled static with gcc. Named
 * registry.k8s.io/pause:3.9 because that is the sandbox image containerd is configured with.
 */
final class PauseImage implements ImageRecipe {

    private static final String SOURCE = "pause.c";
    private static final String INSTALL = "install Debian's gcc and libc6-dev packages (apt-get install gcc libc6-dev)";

    @Override
    public String name() {
        return "pause";
    }

    @Override
    public List<ImageReference> references() {
        return List.of(ImageReference.parse("registry.k8s.io/pause:3.9"), ImageReference.parse("localhost/pause:latest"));
    }

    @Override
    public ImageConfig config() {
        return ImageConfig.defaults().withEntrypoint("/pause").withUser("65535:65535");
    }

    @Override
    public String fingerprint() throws IOException {
        return BuildInputs.fingerprint(ImageRecipe.resource(SOURCE));
    }

    @Override
    public void populate(Rootfs rootfs, Path work, BuildInputs inputs) throws IOException {
        inputs.command(List.of("gcc", "--version"), "the pause image is compiled from C: " + INSTALL,
                "gcc does not work: " + INSTALL);
        String libc = inputs.command(List.of("gcc", "-print-file-name=libc.a"), INSTALL, INSTALL).strip();
        if (!libc.startsWith("/") || !Files.isRegularFile(Path.of(libc))) {
            throw new ImageBuildException("gcc finds no static C library (libc.a) to link the pause program with; "
                    + INSTALL);
        }
        inputs.file(Path.of(libc));
        Files.write(work.resolve(SOURCE), ImageRecipe.resource(SOURCE));
        Commands.check(List.of("gcc", "-Os", "-static", "-s", "-o", "pause", SOURCE), work, INSTALL,
                "compiling the pause program failed; it needs gcc and a static C library: " + INSTALL);
        rootfs.copy(work.resolve("pause"), "/pause", 0755);
    }
}
