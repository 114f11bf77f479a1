package dev.tugboat.kubelet.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Container logs as files under a directory, {@code <namespace>_<pod>/<container>/<n>.log} as the
 * kubelet lays them out: the highest {@code n} is the current instance, the one before it the previous.
 * Pods and running containers are declared by the test.
 */
final class FileContainerLogs implements ContainerLogs {

    private final Path root;
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    FileContainerLogs(Path root) {
        this.root = root;
    }

    /** Declares a container that has started {@code instances} times; returns the current log file. */
    Path container(String namespace, String pod, String container, int instances, boolean isRunning) {
        String key = namespace + "/" + pod + "/" + container;
        restarts.put(key, instances);
        if (isRunning) {
            running.add(id(key, instances - 1));
        } else {
            running.remove(id(key, instances - 1));
        }
        return file(namespace, pod, container, instances - 1);
    }

    Path file(String namespace, String pod, String container, int instance) {
        return root.resolve(namespace + "_" + pod).resolve(container).resolve(instance + ".log");
    }

    private static String id(String key, int instance) {
        return key + "#" + instance;
    }

    @Override
    public Lookup find(String namespace, String pod, String container, boolean previous) {
        boolean podKnown = restarts.keySet().stream().anyMatch(k -> k.startsWith(namespace + "/" + pod + "/"));
        if (!podKnown) {
            return new Unavailable(Reason.POD_NOT_FOUND, "pod \"" + pod + "\" does not exist");
        }
        String key = namespace + "/" + pod + "/" + container;
        Integer instances = restarts.get(key);
        if (instances == null) {
            return new Unavailable(Reason.CONTAINER_NOT_FOUND,
                    "container \"" + container + "\" not found in pod \"" + pod + "\"");
        }
        if (instances == 0) {
            return new Unavailable(Reason.NOT_AVAILABLE, "container \"" + container + "\" in pod \"" + pod
                    + "\" is waiting to start: ContainerCreating");
        }
        int instance = previous ? instances - 2 : instances - 1;
        if (instance < 0) {
            return new Unavailable(Reason.NOT_AVAILABLE, "previous terminated container \"" + container
                    + "\" in pod \"" + pod + "\" not found");
        }
        return new Found(file(namespace, pod, container, instance), id(key, instance));
    }

    @Override
    public boolean isRunning(String containerId) {
        return running.contains(containerId);
    }
}
