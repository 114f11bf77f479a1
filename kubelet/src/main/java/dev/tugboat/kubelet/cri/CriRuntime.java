package dev.tugboat.kubelet.cri;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.kubelet.cri.v1.AuthConfig;
import dev.tugboat.kubelet.cri.v1.ContainerConfig;
import dev.tugboat.kubelet.cri.v1.ContainerFilter;
import dev.tugboat.kubelet.cri.v1.ContainerStatus;
import dev.tugboat.kubelet.cri.v1.ContainerStatusRequest;
import dev.tugboat.kubelet.cri.v1.CreateContainerRequest;
import dev.tugboat.kubelet.cri.v1.Image;
import dev.tugboat.kubelet.cri.v1.ImageSpec;
import dev.tugboat.kubelet.cri.v1.ImageStatusRequest;
import dev.tugboat.kubelet.cri.v1.ListContainersRequest;
import dev.tugboat.kubelet.cri.v1.ListImagesRequest;
import dev.tugboat.kubelet.cri.v1.ListPodSandboxRequest;
import dev.tugboat.kubelet.cri.v1.PodSandbox;
import dev.tugboat.kubelet.cri.v1.PodSandboxConfig;
import dev.tugboat.kubelet.cri.v1.PodSandboxFilter;
import dev.tugboat.kubelet.cri.v1.PodSandboxState;
import dev.tugboat.kubelet.cri.v1.PodSandboxStatusRequest;
import dev.tugboat.kubelet.cri.v1.PullImageRequest;
import dev.tugboat.kubelet.cri.v1.RemoveContainerRequest;
import dev.tugboat.kubelet.cri.v1.RemovePodSandboxRequest;
import dev.tugboat.kubelet.cri.v1.RunPodSandboxRequest;
import dev.tugboat.kubelet.cri.v1.StartContainerRequest;
import dev.tugboat.kubelet.cri.v1.StopContainerRequest;
import dev.tugboat.kubelet.cri.v1.StopPodSandboxRequest;
import dev.tugboat.kubelet.pod.PullSecrets;
import dev.tugboat.kubelet.runtime.ContainerRecord;
import dev.tugboat.kubelet.runtime.ContainerRuntimeState;
import dev.tugboat.kubelet.runtime.RuntimePod;
import dev.tugboat.kubelet.runtime.SandboxStatus;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kubelet's view of a CRI runtime: what it has for this node's pods (sandboxes and containers,
 * found by the labels the kubelet puts on them) as {@link RuntimePod}s, and the calls that change it.
 * Sandboxes and containers of other kubelets sharing the runtime are not this one's business.
 */
public final class CriRuntime {

    private static final Duration SANDBOX_DEADLINE = Duration.ofMinutes(4);

    private final CriClient cri;
    private final String node;

    public CriRuntime(CriClient cri, String node) {
        this.cri = cri;
        this.node = node;
    }

    public CriClient client() {
        return cri;
    }

    /** Every pod of this node the runtime has, by pod UID. */
    public Map<String, RuntimePod> pods() {
        return pods(Map.of());
    }

    /** What the runtime has for one pod (nothing: {@link RuntimePod#NONE}). */
    public RuntimePod pod(String uid) {
        return pods(Map.of(SandboxConfigs.POD_UID, uid)).getOrDefault(uid, RuntimePod.NONE);
    }

    private Map<String, RuntimePod> pods(Map<String, String> labels) {
        List<PodSandbox> sandboxes = cri.runtime(rt -> rt.listPodSandbox(ListPodSandboxRequest.newBuilder()
                .setFilter(PodSandboxFilter.newBuilder().putLabelSelector(SandboxConfigs.NODE, node)
                        .putAllLabelSelector(labels)).build()))
                .getItemsList();
        Map<String, List<SandboxStatus>> byPod = new HashMap<>();
        Map<String, String> podOfSandbox = new HashMap<>();
        for (PodSandbox s : sandboxes) {
            String uid = s.getLabelsOrDefault(SandboxConfigs.POD_UID, s.getMetadata().getUid());
            podOfSandbox.put(s.getId(), uid);
            String ip = "";
            if (s.getState() == PodSandboxState.SANDBOX_READY) {
                ip = cri.runtime(rt -> rt.podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                        .setPodSandboxId(s.getId()).build())).getStatus().getNetwork().getIp();
            }
            byPod.computeIfAbsent(uid, k -> new ArrayList<>()).add(new SandboxStatus(s.getId(),
                    s.getState() == PodSandboxState.SANDBOX_READY, s.getMetadata().getAttempt(),
                    nanos(s.getCreatedAt()), ip));
        }
        Map<String, List<ContainerRecord>> containers = new HashMap<>();
        for (var c : cri.runtime(rt -> rt.listContainers(ListContainersRequest.newBuilder()
                .setFilter(ContainerFilter.newBuilder().putAllLabelSelector(labels)).build())).getContainersList()) {
            String uid = podOfSandbox.get(c.getPodSandboxId());
            if (uid == null) {
                continue;
            }
            Optional<ContainerStatus> status = status(c.getId());
            status.ifPresent(s -> containers.computeIfAbsent(uid, k -> new ArrayList<>()).add(record(s)));
        }
        Map<String, RuntimePod> out = new HashMap<>();
        byPod.forEach((uid, list) -> out.put(uid, new RuntimePod(list, containers.getOrDefault(uid, List.of()))));
        return out;
    }

    /** One container's full status; empty if it is gone. */
    public Optional<ContainerStatus> status(String containerId) {
        try {
            return Optional.of(cri.runtime(rt -> rt.containerStatus(ContainerStatusRequest.newBuilder()
                    .setContainerId(containerId).build())).getStatus());
        } catch (CriException e) {
            if (e.code() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static ContainerRecord record(ContainerStatus s) {
        ContainerRuntimeState state = switch (s.getState()) {
            case CONTAINER_CREATED -> ContainerRuntimeState.CREATED;
            case CONTAINER_RUNNING -> ContainerRuntimeState.RUNNING;
            case CONTAINER_EXITED -> ContainerRuntimeState.EXITED;
            default -> ContainerRuntimeState.UNKNOWN;
        };
        return new ContainerRecord(s.getId(), s.getMetadata().getName(), state, s.getMetadata().getAttempt(),
                nanos(s.getCreatedAt()),
                s.getStartedAt() > 0 ? Optional.of(nanos(s.getStartedAt())) : Optional.empty(),
                s.getFinishedAt() > 0 ? Optional.of(nanos(s.getFinishedAt())) : Optional.empty(),
                s.getExitCode(), s.getReason(), s.getMessage(), s.getImage().getImage(), s.getImageRef(),
                s.getAnnotationsOrDefault(ContainerConfigs.CONTAINER_HASH, ""));
    }

    private static Instant nanos(long n) {
        return Instant.ofEpochSecond(0, n);
    }

    /**
     * The node's images as its status lists them (upstream's image setter): the largest first, at most
     * {@code max}, each with its digests and tags as names and its size.
     */
    public ArrayNode nodeImages(int max) {
        List<Image> images = new ArrayList<>(cri.images(im -> im.listImages(
                ListImagesRequest.getDefaultInstance())).getImagesList());
        images.sort(Comparator.comparingLong(Image::getSize).reversed());
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Image i : images.subList(0, Math.min(max, images.size()))) {
            ObjectNode o = out.addObject();
            ArrayNode names = o.putArray("names");
            i.getRepoDigestsList().forEach(names::add);
            i.getRepoTagsList().forEach(names::add);
            o.put("sizeBytes", i.getSize());
        }
        return out;
    }

    /** A sandbox's pod IP; empty when it has none (host network, or not ready). */
    public String sandboxIp(String sandboxId) {
        return cri.runtime(rt -> rt.podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                .setPodSandboxId(sandboxId).build())).getStatus().getNetwork().getIp();
    }

    public String runSandbox(PodSandboxConfig config) {
        return cri.runtime(SANDBOX_DEADLINE, rt -> rt.runPodSandbox(RunPodSandboxRequest.newBuilder()
                .setConfig(config).build())).getPodSandboxId();
    }

    public void stopSandbox(String id) {
        cri.runtime(SANDBOX_DEADLINE, rt -> rt.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build()));
    }

    public void removeSandbox(String id) {
        cri.runtime(SANDBOX_DEADLINE, rt -> rt.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build()));
    }

    public String createContainer(String sandboxId, PodSandboxConfig sandbox, ContainerConfig config) {
        return cri.runtime(rt -> rt.createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(sandboxId)
                .setConfig(config).setSandboxConfig(sandbox).build())).getContainerId();
    }

    public void startContainer(String id) {
        cri.runtime(rt -> rt.startContainer(StartContainerRequest.newBuilder().setContainerId(id).build()));
    }

    /** Stops a container, giving it {@code graceSeconds} between SIGTERM and SIGKILL. */
    public void stopContainer(String id, long graceSeconds) {
        cri.runtime(Duration.ofSeconds(graceSeconds + 120), rt -> rt.stopContainer(StopContainerRequest.newBuilder()
                .setContainerId(id).setTimeout(graceSeconds).build()));
    }

    public void removeContainer(String id) {
        cri.runtime(rt -> rt.removeContainer(RemoveContainerRequest.newBuilder().setContainerId(id).build()));
    }

    /** Whether the image is present; the runtime resolves short names (nginx → docker.io/library/nginx:latest). */
    public boolean hasImage(String image) {
        return cri.images(im -> im.imageStatus(ImageStatusRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(image)).build())).hasImage();
    }

    /** Pulls an image, with a registry login from the pod's imagePullSecrets when one matches. */
    public void pullImage(String image, PodSandboxConfig sandbox, Optional<PullSecrets.Credential> login) {
        PullImageRequest.Builder req = PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(image))
                .setSandboxConfig(sandbox);
        login.ifPresent(l -> req.setAuth(AuthConfig.newBuilder().setServerAddress(l.server())
                .setUsername(l.username()).setPassword(l.password())));
        cri.images(im -> im.pullImage(req.build()));
    }
}
