package dev.tugboat.apiserver.registry.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.apiserver.registry.StandardStrategy;

/**
 * Jobs (upstream pkg/registry/batch/job): unless {@code spec.manualSelector} is true, the server
 * generates the selector and the template labels from the job's uid and name.
 */
public final class JobStrategy extends StandardStrategy {

    public JobStrategy(KindRules rules, ObjectNode initialStatus) {
        super(rules, Traits.WITH_STATUS.withInitialStatus(initialStatus), true);
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        super.prepareForCreate(obj);
        ObjectNode spec = obj.withObjectProperty("spec");
        if (spec.path("manualSelector").asBoolean(false)) {
            return;
        }
        // As upstream: add what is missing, never overwrite; conflicts are rejected by validation.
        String uid = Meta.uid(obj);
        String name = Meta.name(obj);
        ObjectNode labels = Meta.mutableMetadata(spec.withObjectProperty("template")).withObjectProperty("labels");
        for (String key : new String[] {"job-name", "batch.kubernetes.io/job-name"}) {
            if (!labels.has(key)) {
                labels.put(key, name);
            }
        }
        for (String key : new String[] {"controller-uid", "batch.kubernetes.io/controller-uid"}) {
            if (!labels.has(key)) {
                labels.put(key, uid);
            }
        }
        ObjectNode matchLabels = spec.withObjectProperty("selector").withObjectProperty("matchLabels");
        if (!matchLabels.has("batch.kubernetes.io/controller-uid")) {
            matchLabels.put("batch.kubernetes.io/controller-uid", uid);
        }
        // Upstream's defaulting, re-run when the Job is read back, gives a Job without labels its
        // template's labels — by then including the generated ones.
        if (Meta.labels(obj).isEmpty()) {
            Meta.mutableMetadata(obj).set("labels", labels.deepCopy());
        }
    }
}
