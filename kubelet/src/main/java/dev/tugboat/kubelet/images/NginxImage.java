package dev.tugboat.kubelet.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * nginx from Debian's packages: the nginx binary with the libraries it links (taken from this
 * host, where ldd finds them) and the dynamic loader, /etc/nginx from nginx-common with our own
 * nginx.conf, and Debian's "Welcome to nginx!" page as the site. The packages are fetched with
 * {@code apt-get download} and unpacked with {@code dpkg -x}, never installed: installing would run
 * their maintainer scripts, which start an nginx service on the host. Busybox provides /bin/sh and
 * the usual tools, so exec and {@code kubectl cp} (which needs tar) work in the container.
 */
final class NginxImage implements ImageRecipe {

    private static final String CONFIG = "nginx.conf";
    private static final List<String> PACKAGES = List.of("nginx", "nginx-common");
    private static final String WELCOME = "Welcome to nginx!";
    /** "libssl.so.3 => /lib/x86_64-linux-gnu/libssl.so.3 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)". */
    private static final Pattern LDD_PATH = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)");

    @Override
    public String name() {
        return "nginx";
    }

    @Override
    public List<ImageReference> references() {
        return List.of(ImageReference.parse("docker.io/library/nginx:latest"), ImageReference.parse("localhost/nginx:latest"));
    }

    @Override
    public ImageConfig config() {
        return ImageConfig.defaults().withCmd("nginx", "-g", "daemon off;").withExposedPorts("80/tcp");
    }

    @Override
    public String fingerprint() throws IOException {
        return BuildInputs.fingerprint("nginx rootfs v1", ImageRecipe.resource(CONFIG));
    }

    @Override
    public void populate(Rootfs rootfs, Path work, BuildInputs inputs) throws IOException {
        List<String> show = new ArrayList<>(List.of("apt-cache", "show", "--no-all-versions"));
        show.addAll(PACKAGES);
        inputs.command(show, "the nginx image is built from Debian packages and needs apt",
                "apt knows no nginx package; run apt-get update (the nginx image needs Debian's mirror once)");
        List<String> download = new ArrayList<>(List.of("apt-get", "download"));
        download.addAll(PACKAGES);
        Commands.check(download, work, "the nginx image is built from Debian packages and needs apt-get",
                "could not download Debian's nginx and nginx-common packages: the nginx image needs Debian's"
                        + " package mirror to be reachable once (the pause and busybox images do not)");
        Path binaryPackage = unpack(work, "nginx_", "nginx-root");
        Path commonPackage = unpack(work, "nginx-common_", "nginx-common-root");

        Path nginx = binaryPackage.resolve("usr/sbin/nginx");
        rootfs.copy(nginx, "/usr/sbin/nginx", 0755);
        for (Path library : linkedLibraries(nginx)) {
            rootfs.copy(inputs.file(library), library.toString(), 0755);
        }

        rootfs.copyTree(commonPackage.resolve("etc/nginx"), "/etc/nginx");
        rootfs.empty("/etc/nginx/sites-enabled");
        rootfs.empty("/etc/nginx/modules-enabled");
        rootfs.write("/etc/nginx/nginx.conf", 0644, new String(ImageRecipe.resource(CONFIG), StandardCharsets.UTF_8));
        rootfs.copy(welcomePage(binaryPackage, commonPackage), "/usr/share/nginx/html/index.html", 0644);

        // nginx's compiled-in paths (nginx -V): temp files under /var/lib/nginx, the default error
        // log under /var/log/nginx before the configuration is read, the pid file in /run.
        rootfs.directories(0755, "/var/lib/nginx", "/var/log/nginx", "/run", "/var/lock", "/etc", "/root",
                "/proc", "/sys", "/dev", "/bin", "/sbin", "/usr/bin");
        rootfs.directories(01777, "/tmp");
        ImageRecipe.users(rootfs, "nogroup", "/usr/sbin/nologin");
        StaticBusybox.install(rootfs, inputs);
    }

    /** Unpacks the one downloaded package whose file name starts with {@code prefix} into {@code dir}. */
    private static Path unpack(Path work, String prefix, String dir) throws IOException {
        List<Path> debs;
        try (Stream<Path> files = Files.list(work)) {
            debs = files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".deb")).toList();
        }
        if (debs.size() != 1) {
            throw new ImageBuildException("expected one " + prefix + "*.deb from apt-get download, found " + debs);
        }
        Path target = work.resolve(dir);
        Commands.check(List.of("dpkg", "-x", debs.get(0).toString(), target.toString()), work,
                "unpacking Debian packages needs dpkg", "could not unpack " + debs.get(0));
        return target;
    }

    /** Every library and the dynamic loader that ldd resolves for {@code binary}, as host paths. */
    private static List<Path> linkedLibraries(Path binary) throws IOException {
        String output = Commands.check(List.of("ldd", binary.toString()), null,
                "finding nginx's libraries needs ldd (Debian's libc-bin)", "ldd could not list nginx's libraries");
        List<Path> libraries = new ArrayList<>();
        for (String line : output.lines().map(String::strip).toList()) {
            if (line.contains("not found")) {
                throw new ImageBuildException("nginx needs a library this host lacks: " + line
                        + " (install the Debian package that provides it)");
            }
            Matcher m = LDD_PATH.matcher(line);
            if (m.find()) {
                libraries.add(Path.of(m.group(1)));
            }
        }
        if (libraries.stream().noneMatch(p -> p.getFileName().toString().startsWith("ld-linux"))) {
            throw new ImageBuildException("ldd named no dynamic loader for nginx:\n" + output);
        }
        return libraries;
    }

    /** Debian's own welcome page, wherever the packages carry it. */
    private static Path welcomePage(Path... packages) throws IOException {
        for (Path root : packages) {
            for (String candidate : List.of("usr/share/nginx/html/index.html", "var/www/html/index.nginx-debian.html",
                    "usr/share/nginx/html/index.nginx-debian.html")) {
                Path page = root.resolve(candidate);
                if (Files.isRegularFile(page) && Files.readString(page, StandardCharsets.ISO_8859_1).contains(WELCOME)) {
                    return page;
                }
            }
        }
        throw new ImageBuildException("Debian's nginx packages carry no \"" + WELCOME + "\" page any more;"
                + " the nginx recipe needs updating");
    }
}
