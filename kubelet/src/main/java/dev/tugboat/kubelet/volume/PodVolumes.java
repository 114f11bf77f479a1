package dev.tugboat.kubelet.volume;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.kubelet.config.KubeletConfig;
import dev.tugboat.kubelet.cri.v1.Mount;
import dev.tugboat.kubelet.cri.v1.MountPropagation;
import dev.tugboat.kubelet.pod.ContainerConfigError;
import dev.tugboat.kubelet.pod.EnvResolver;
import dev.tugboat.kubelet.pod.Expansion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod's volumes on this node, under {@code <dataDir>/pods/<uid>/volumes/<plugin>/<name>} as upstream
 * lays them out: emptyDir (a directory, or a tmpfs for medium Memory), hostPath (with its type checks),
 * configMap, secret, downwardAPI and projected (files written atomically, refreshed on every sync so
 * that updates reach running containers), and persistentVolumeClaim bound to a hostPath or local
 * PersistentVolume. Each container's volumeMounts become CRI mounts, with subPath and subPathExpr.
 */
public final class PodVolumes {

    private static final Logger LOG = LoggerFactory.getLogger(PodVolumes.class);

    /** Reads what volumes refer to through the API. */
    public interface Objects extends EnvResolver.Objects {
        Optional<JsonNode> persistentVolumeClaim(String namespace, String name);

        Optional<JsonNode> persistentVolume(String name);
    }

    private final KubeletConfig config;
    private final Objects objects;
    private final Mounter mounter;

    public PodVolumes(KubeletConfig config, Objects objects, Mounter mounter) {
        this.config = config;
        this.objects = objects;
        this.mounter = mounter;
    }

    /**
     * Sets up (or refreshes) every volume of the pod and returns the host path of each by name.
     *
     * @param allocatable the node's allocatable, for downward-API resource fields without limits
     * @throws ContainerConfigError when a volume cannot be set up (a missing ConfigMap, a failed type
     *                              check); the message is what the FailedMount event says
     */
    public Map<String, Path> setUp(JsonNode pod, JsonNode allocatable) throws ContainerConfigError {
        Map<String, Path> out = new HashMap<>();
        String ns = Meta.namespace(pod);
        for (JsonNode v : pod.path("spec").path("volumes")) {
            String name = v.path("name").asText();
            try {
                out.put(name, setUpOne(pod, ns, name, v, allocatable));
            } catch (IOException e) {
                throw new ContainerConfigError("MountVolume.SetUp failed for volume \"" + name + "\" : " + e.getMessage());
            }
        }
        return out;
    }

    private Path setUpOne(JsonNode pod, String ns, String name, JsonNode v, JsonNode allocatable)
            throws IOException, ContainerConfigError {
        Path podDir = config.podDir(Meta.uid(pod)).resolve("volumes");
        if (v.has("hostPath")) {
            return hostPath(v.path("hostPath"));
        }
        if (v.has("emptyDir")) {
            Path dir = podDir.resolve("kubernetes.io~empty-dir").resolve(name);
            Files.createDirectories(dir);
            if ("Memory".equals(v.path("emptyDir").path("medium").asText(""))) {
                mounter.ensureTmpfs(dir, v.path("emptyDir").path("sizeLimit").asText(""));
            }
            return dir;
        }
        if (v.has("configMap")) {
            JsonNode src = v.path("configMap");
            Path dir = podDir.resolve("kubernetes.io~configmap").resolve(name);
            Map<String, AtomicWriter.File> files = new LinkedHashMap<>();
            keyFiles(files, "configmap", objects.configMap(ns, src.path("name").asText()), src, false,
                    src.path("defaultMode").asInt(0644));
            AtomicWriter.write(dir, files);
            return dir;
        }
        if (v.has("secret")) {
            JsonNode src = v.path("secret");
            Path dir = podDir.resolve("kubernetes.io~secret").resolve(name);
            Map<String, AtomicWriter.File> files = new LinkedHashMap<>();
            JsonNode named = src.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) named).put("name", src.path("secretName").asText());
            keyFiles(files, "secret", objects.secret(ns, src.path("secretName").asText()), named, true,
                    src.path("defaultMode").asInt(0644));
            AtomicWriter.write(dir, files);
            return dir;
        }
        if (v.has("downwardAPI")) {
            Path dir = podDir.resolve("kubernetes.io~downward-api").resolve(name);
            Map<String, AtomicWriter.File> files = new LinkedHashMap<>();
            downward(files, pod, v.path("downwardAPI").path("items"), v.path("downwardAPI").path("defaultMode").asInt(0644),
                    allocatable);
            AtomicWriter.write(dir, files);
            return dir;
        }
        if (v.has("projected")) {
            Path dir = podDir.resolve("kubernetes.io~projected").resolve(name);
            AtomicWriter.write(dir, projected(pod, ns, v.path("projected"), allocatable));
            return dir;
        }
        if (v.has("persistentVolumeClaim")) {
            return claim(ns, v.path("persistentVolumeClaim").path("claimName").asText());
        }
        throw new ContainerConfigError("volume \"" + name + "\" has a type this kubelet does not support");
    }

    private Path hostPath(JsonNode hp) throws IOException, ContainerConfigError {
        Path p = Path.of(hp.path("path").asText());
        String type = hp.path("type").asText("");
        switch (type) {
            case "DirectoryOrCreate" -> Files.createDirectories(p);
            case "FileOrCreate" -> {
                Files.createDirectories(p.getParent());
                if (!Files.exists(p)) {
                    Files.createFile(p);
                }
            }
            case "Directory" -> check(Files.isDirectory(p), "hostPath type check failed: " + p + " is not a directory");
            case "File" -> check(Files.isRegularFile(p), "hostPath type check failed: " + p + " is not a file");
            case "Socket", "CharDevice", "BlockDevice" ->
                    check(Files.exists(p), "hostPath type check failed: " + p + " is not a " + type);
            default -> {
            }
        }
        return p;
    }

    private static void check(boolean ok, String message) throws ContainerConfigError {
        if (!ok) {
            throw new ContainerConfigError(message);
        }
    }

    private Path claim(String ns, String claimName) throws ContainerConfigError, IOException {
        JsonNode pvc = objects.persistentVolumeClaim(ns, claimName).orElseThrow(() -> new ContainerConfigError(
                "persistentvolumeclaim \"" + claimName + "\" not found"));
        String pvName = pvc.path("spec").path("volumeName").asText("");
        if (pvName.isEmpty()) {
            throw new ContainerConfigError("PVC " + ns + "/" + claimName + " is not bound");
        }
        JsonNode pv = objects.persistentVolume(pvName).orElseThrow(() -> new ContainerConfigError(
                "persistentvolume \"" + pvName + "\" not found"));
        JsonNode spec = pv.path("spec");
        String path = spec.has("hostPath") ? spec.path("hostPath").path("path").asText()
                : spec.path("local").path("path").asText("");
        if (path.isEmpty()) {
            throw new ContainerConfigError("persistentvolume \"" + pvName + "\" is neither hostPath nor local");
        }
        Path p = Path.of(path);
        Files.createDirectories(p);
        return p;
    }

    /** ConfigMap or Secret data as files: every key, or only the listed items with their paths and modes. */
    private static void keyFiles(Map<String, AtomicWriter.File> files, String kind, Optional<JsonNode> obj, JsonNode src,
                                 boolean base64, int defaultMode) throws ContainerConfigError {
        String objName = src.path("name").asText();
        if (obj.isEmpty()) {
            if (src.path("optional").asBoolean(false)) {
                return;
            }
            throw new ContainerConfigError(kind + " \"" + objName + "\" not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        obj.get().path("data").properties().forEach(e -> data.put(e.getKey(), base64
                ? Base64.getDecoder().decode(e.getValue().asText()) : e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
        obj.get().path("binaryData").properties().forEach(e -> data.putIfAbsent(e.getKey(),
                Base64.getDecoder().decode(e.getValue().asText())));
        if (!src.has("items")) {
            data.forEach((k, b) -> files.put(k, new AtomicWriter.File(b, defaultMode)));
            return;
        }
        for (JsonNode item : src.path("items")) {
            String key = item.path("key").asText();
            byte[] b = data.get(key);
            if (b == null) {
                if (src.path("optional").asBoolean(false)) {
                    continue;
                }
                throw new ContainerConfigError("configmap references non-existent config key: " + key);
            }
            files.put(item.path("path").asText(key), new AtomicWriter.File(b, item.path("mode").asInt(defaultMode)));
        }
    }

    private static void downward(Map<String, AtomicWriter.File> files, JsonNode pod, JsonNode items, int defaultMode,
                                 JsonNode allocatable) {
        for (JsonNode item : items) {
            String value;
            if (item.has("fieldRef")) {
                String path = item.at("/fieldRef/fieldPath").asText();
                value = switch (path) {
                    case "metadata.labels" -> mapFile(pod.path("metadata").path("labels"));
                    case "metadata.annotations" -> mapFile(pod.path("metadata").path("annotations"));
                    default -> EnvResolver.fieldRef(pod, path);
                };
            } else if (item.has("resourceFieldRef")) {
                JsonNode container = pod.at("/spec/containers/0");
                String cname = item.at("/resourceFieldRef/containerName").asText("");
                for (JsonNode c : pod.at("/spec/containers")) {
                    if (c.path("name").asText().equals(cname)) {
                        container = c;
                    }
                }
                value = EnvResolver.resourceFieldRef(pod, container, item.path("resourceFieldRef"), allocatable);
            } else {
                continue;
            }
            files.put(item.path("path").asText(), new AtomicWriter.File(value.getBytes(StandardCharsets.UTF_8),
                    item.path("mode").asInt(defaultMode)));
        }
    }

    /** {@code key="value"} lines, sorted, as the kubelet writes labels and annotations. */
    private static String mapFile(JsonNode map) {
        List<String> lines = new ArrayList<>();
        map.properties().forEach(e -> lines.add(e.getKey() + "=\"" + e.getValue().asText().replace("\\", "\\\\")
                .replace("\"", "\\\"").replace("\n", "\\n") + "\""));
        lines.sort(null);
        return String.join("\n", lines);
    }

    private Map<String, AtomicWriter.File> projected(JsonNode pod, String ns, JsonNode projected, JsonNode allocatable)
            throws ContainerConfigError {
        Map<String, AtomicWriter.File> files = new LinkedHashMap<>();
        int mode = projected.path("defaultMode").asInt(0644);
        for (JsonNode s : projected.path("sources")) {
            if (s.has("configMap")) {
                JsonNode src = s.path("configMap");
                Optional<JsonNode> cm = objects.configMap(ns, src.path("name").asText());
                if (cm.isEmpty() && src.path("name").asText().equals("kube-root-ca.crt")) {
                    // The cluster has no CA to publish until the API server serves TLS; the injected
                    // service account volume then carries no ca.crt.
                    continue;
                }
                keyFiles(files, "configmap", cm, src, false, mode);
            } else if (s.has("secret")) {
                keyFiles(files, "secret", objects.secret(ns, s.path("secret").path("name").asText()), s.path("secret"),
                        true, mode);
            } else if (s.has("downwardAPI")) {
                downward(files, pod, s.path("downwardAPI").path("items"), mode, allocatable);
            } else if (s.has("serviceAccountToken")) {
                // No TokenRequest API yet (it comes with authentication): no token file is written.
                LOG.debug("pod {}/{}: no service account token to project", ns, Meta.name(pod));
            }
        }
        return files;
    }

    /** The container's mounts: each volumeMount resolved to its volume's host path (and subPath). */
    public List<Mount> mounts(JsonNode container, Map<String, Path> volumes, Map<String, String> env)
            throws ContainerConfigError {
        List<Mount> out = new ArrayList<>();
        for (JsonNode m : container.path("volumeMounts")) {
            String name = m.path("name").asText();
            Path host = volumes.get(name);
            if (host == null) {
                throw new ContainerConfigError("cannot find volume \"" + name + "\" to mount into container \""
                        + container.path("name").asText() + "\"");
            }
            String sub = m.has("subPathExpr") ? Expansion.expand(m.path("subPathExpr").asText(), env::get)
                    : m.path("subPath").asText("");
            if (!sub.isEmpty()) {
                Path p = host.resolve(sub).normalize();
                if (!p.startsWith(host) || sub.startsWith("/")) {
                    throw new ContainerConfigError("subPath \"" + sub + "\" must not leave the volume");
                }
                try {
                    if (!Files.exists(p)) {
                        Files.createDirectories(p);
                    }
                } catch (IOException e) {
                    throw new ContainerConfigError("failed to create subPath directory for volumeMount \"" + name
                            + "\" of container \"" + container.path("name").asText() + "\"");
                }
                host = p;
            }
            MountPropagation propagation = switch (m.path("mountPropagation").asText("None")) {
                case "HostToContainer" -> MountPropagation.PROPAGATION_HOST_TO_CONTAINER;
                case "Bidirectional" -> MountPropagation.PROPAGATION_BIDIRECTIONAL;
                default -> MountPropagation.PROPAGATION_PRIVATE;
            };
            out.add(Mount.newBuilder().setContainerPath(m.path("mountPath").asText()).setHostPath(host.toString())
                    .setReadonly(m.path("readOnly").asBoolean(false)).setPropagation(propagation).build());
        }
        return out;
    }

    /** Removes the pod's volume directories (unmounting tmpfs first); host paths and claims stay. */
    public void tearDown(String uid) throws IOException {
        Path dir = config.podDir(uid);
        if (!Files.exists(dir)) {
            return;
        }
        Path emptyDirs = dir.resolve("volumes").resolve("kubernetes.io~empty-dir");
        if (Files.isDirectory(emptyDirs)) {
            try (var entries = Files.list(emptyDirs)) {
                for (Path p : entries.toList()) {
                    mounter.unmountIfMounted(p);
                }
            }
        }
        AtomicWriter.deleteTree(dir);
    }
}
