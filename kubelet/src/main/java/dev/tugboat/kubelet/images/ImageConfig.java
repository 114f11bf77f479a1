package dev.tugboat.kubelet.images;

import java.util.List;
import java.util.Objects;

/**
 * The runtime part of an OCI image configuration ({@code config} in the config blob). An empty
 * entrypoint or command is left out of the document, so the runtime's defaults apply.
 */
public record ImageConfig(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
                          List<String> exposedPorts, String user) {

    public static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        exposedPorts = List.copyOf(exposedPorts);
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(user, "user");
        for (String port : exposedPorts) {
            if (!port.matches("\\d{1,5}/(tcp|udp|sctp)")) {
                throw new IllegalArgumentException("exposed port " + port + " is not PORT/PROTOCOL");
            }
        }
    }

    /** No entrypoint or command, the usual PATH, working directory /, the image's default user. */
    public static ImageConfig defaults() {
        return new ImageConfig(List.of(), List.of(), List.of(DEFAULT_PATH), "/", List.of(), "");
    }

    public ImageConfig withEntrypoint(String... entrypoint) {
        return new ImageConfig(List.of(entrypoint), cmd, env, workingDir, exposedPorts, user);
    }

    public ImageConfig withCmd(String... cmd) {
        return new ImageConfig(entrypoint, List.of(cmd), env, workingDir, exposedPorts, user);
    }

    public ImageConfig withExposedPorts(String... ports) {
        return new ImageConfig(entrypoint, cmd, env, workingDir, List.of(ports), user);
    }

    public ImageConfig withUser(String user) {
        return new ImageConfig(entrypoint, cmd, env, workingDir, exposedPorts, user);
    }
}
