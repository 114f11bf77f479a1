package dev.tugboat.kubelet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.informer.Cache;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.kubelet.cri.CriException;
import dev.tugboat.kubelet.cri.CriRuntime;
import dev.tugboat.kubelet.cri.v1.AttachRequest;
import dev.tugboat.kubelet.cri.v1.ExecRequest;
import dev.tugboat.kubelet.cri.v1.PortForwardRequest;
import dev.tugboat.kubelet.runtime.ContainerRecord;
import dev.tugboat.kubelet.runtime.SandboxStatus;
import dev.tugboat.kubelet.server.ContainerExec;
import java.net.URI;
import java.util.Optional;

/**
 * Prepares an exec in a pod's running container through the runtime's CRI {@code Exec}, which returns
 * the one-time URL of the runtime's streaming server; with upstream kubelet's messages when the pod or
 * a running instance of the container is not there.
 */
final class PodContainerExec implements ContainerExec {

    private final Cache pods;
    private final CriRuntime runtime;

    PodContainerExec(Cache pods, CriRuntime runtime) {
        this.pods = pods;
        this.runtime = runtime;
    }

    @Override
    public Preparation prepare(String namespace, String podName, String container, Command command) {
        return inRunningContainer(namespace, podName, container, id -> {
            ExecRequest request = ExecRequest.newBuilder().setContainerId(id).addAllCmd(command.argv())
                    .setTty(command.tty()).setStdin(command.stdin()).setStdout(command.stdout())
                    .setStderr(command.stderr()).build();
            return runtime.client().runtime(rt -> rt.exec(request)).getUrl();
        });
    }

    @Override
    public Preparation prepareAttach(String namespace, String podName, String container, Command streams) {
        return inRunningContainer(namespace, podName, container, id -> {
            AttachRequest request = AttachRequest.newBuilder().setContainerId(id).setTty(streams.tty())
                    .setStdin(streams.stdin()).setStdout(streams.stdout()).setStderr(streams.stderr()).build();
            return runtime.client().runtime(rt -> rt.attach(request)).getUrl();
        });
    }

    /** Asks the runtime for a streaming URL for the pod's running container, with upstream's messages when there is none. */
    private Preparation inRunningContainer(String namespace, String podName, String container,
                                           java.util.function.Function<String, String> streamingUrl) {
        Optional<ObjectNode> pod = pods.get(new ObjectKey(namespace, podName));
        if (pod.isEmpty()) {
            return new Unavailable(404, "pod does not exist");
        }
        Optional<ContainerRecord> running = runtime.pod(Meta.uid(pod.get())).latest(container)
                .filter(ContainerRecord::isRunning);
        if (running.isEmpty()) {
            return new Unavailable(500, "container not found (\"" + container + "\")");
        }
        try {
            return new Prepared(URI.create(streamingUrl.apply(running.get().id())));
        } catch (CriException e) {
            return new Unavailable(e.isNotFound() ? 404 : 500, e.getMessage());
        }
    }

    @Override
    public Preparation preparePortForward(String namespace, String podName) {
        Optional<ObjectNode> pod = pods.get(new ObjectKey(namespace, podName));
        if (pod.isEmpty()) {
            return new Unavailable(404, "pod does not exist");
        }
        Optional<SandboxStatus> sandbox = runtime.pod(Meta.uid(pod.get())).latestSandbox().filter(SandboxStatus::ready);
        if (sandbox.isEmpty()) {
            return new Unavailable(500, "pod " + podName + " has no running sandbox");
        }
        PortForwardRequest request = PortForwardRequest.newBuilder().setPodSandboxId(sandbox.get().id()).build();
        try {
            return new Prepared(URI.create(runtime.client().runtime(rt -> rt.portForward(request)).getUrl()));
        } catch (CriException e) {
            return new Unavailable(e.isNotFound() ? 404 : 500, e.getMessage());
        }
    }
}
