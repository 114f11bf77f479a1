package dev.tugboat.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Writes a kubeconfig that kubectl can use as it is, and reads the server back from one. */
final class Kubeconfig {

    private static final Pattern SERVER = Pattern.compile("(?m)^\\s*server:\\s*(\\S+)\\s*$");

    private Kubeconfig() {
    }

    /** Writes the file atomically (a reader never sees a half-written file). */
    static void write(Path file, String serverUrl) throws IOException {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - cluster:
                    server: %s
                  name: tugboat
                contexts:
                - context:
                    cluster: tugboat
                    namespace: default
                    user: tugboat-admin
                  name: tugboat
                current-context: tugboat
                preferences: {}
                users:
                - name: tugboat-admin
                  user: {}
                """.formatted(serverUrl);
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The server URL of a kubeconfig this command wrote (the first cluster's {@code server}); other
     * kubeconfigs, with TLS or several clusters, are not understood yet.
     */
    static String readServer(Path file) throws IOException {
        Matcher m = SERVER.matcher(Files.readString(file, StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new IOException(file + ": no cluster server in this kubeconfig");
        }
        return m.group(1);
    }
}
