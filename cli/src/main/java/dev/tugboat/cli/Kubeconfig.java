package dev.tugboat.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a kubeconfig that kubectl can use as it is. */
final class Kubeconfig {

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
}
