package dev.tugboat.scheduler.plugins.defaultpreemption;

import dev.tugboat.scheduler.framework.PodInfo;
import java.util.List;

/**
 * Carries out a preemption decision: evicts the victims and records the nominated node on the
 * preemptor. Implementations return quickly (the API calls may run in the background).
 */
public interface Preemptor {

    void preempt(PodInfo preemptor, String nodeName, List<PodInfo> victims);
}
