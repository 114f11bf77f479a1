package dev.tugboat.kubelet.images;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A busybox image like the public one: the static binary, every applet, sh as the command. */
final class BusyboxImage implements ImageRecipe {

    @Override
    public String name() {
        return "busybox";
    }

    @Override
    public List<ImageReference> references() {
        return List.of(ImageReference.parse("docker.io/library/busybox:latest"),
                ImageReference.parse("localhost/busybox:latest"));
    }

    @Override
    public ImageConfig config() {
        return ImageConfig.defaults().withCmd("sh");
    }

    @Override
    public String fingerprint() {
        return BuildInputs.fingerprint("busybox rootfs v1");
    }

    @Override
    public void populate(Rootfs rootfs, Path work, BuildInputs inputs) throws IOException {
        rootfs.directories(0755, "/bin", "/sbin", "/usr/bin", "/usr/sbin", "/etc", "/root", "/home", "/proc",
                "/sys", "/dev", "/var/www");
        rootfs.directories(01777, "/tmp");
        StaticBusybox.install(rootfs, inputs);
        ImageRecipe.users(rootfs, "nobody", "/bin/false");
        rootfs.write("/var/www/index.html", 0644, "<h1>hello from busybox httpd</h1>\n");
    }
}
