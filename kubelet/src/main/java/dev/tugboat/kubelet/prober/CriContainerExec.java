package dev.tugboat.kubelet.prober;

import dev.tugboat.kubelet.cri.CriClient;
import dev.tugboat.kubelet.cri.CriException;
import dev.tugboat.kubelet.cri.v1.ExecSyncRequest;
import dev.tugboat.kubelet.cri.v1.ExecSyncResponse;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;

/**
 * ExecSync through the CRI runtime service. The runtime enforces the timeout (it is in the request);
 * the gRPC deadline is the timeout plus the client's default, as upstream's remote runtime gives the
 * runtime time to clean up. A deadline either side is reported as {@link ContainerExec.TimedOut}.
 */
public final class CriContainerExec implements ContainerExec {

    private final CriClient cri;

    public CriContainerExec(CriClient cri) {
        this.cri = cri;
    }

    @Override
    public Result execSync(String containerId, List<String> command, Duration timeout) {
        ExecSyncRequest request = ExecSyncRequest.newBuilder()
                .setContainerId(containerId)
                .addAllCmd(command)
                .setTimeout(Math.max(1, timeout.toSeconds()))
                .build();
        try {
            ExecSyncResponse r = cri.runtime(timeout.plus(CriClient.DEFAULT_DEADLINE), rt -> rt.execSync(request));
            return new Result(r.getExitCode(), r.getStdout().toByteArray(), r.getStderr().toByteArray());
        } catch (CriException e) {
            if (e.code() == Status.Code.DEADLINE_EXCEEDED) {
                throw new TimedOut("command " + GoText.quote(String.join(" ", command)) + " timed out", e);
            }
            throw e;
        }
    }
}
